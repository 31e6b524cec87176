import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { onExitCode, reportExitCode } from "../../../src/process/exit-code-channel.js";

describe("an action's exit code", () => {
  it("reaches the listener of its own program, from however deep a subcommand", () => {
    const first = new Command("a");
    const second = new Command("b");
    const leaf = first.command("ec2").command("list");
    const got: Array<[string, number]> = [];
    onExitCode(first, (code) => got.push(["first", code]));
    onExitCode(second, (code) => got.push(["second", code]));
    reportExitCode(leaf, 4);
    reportExitCode(second, 0);
    expect(got).toEqual([
      ["first", 4],
      ["second", 0],
    ]);
  });
});
