/** The lazy command table: stubs must look exactly like the commands they stand for. */
import { describe, expect, it } from "vitest";
import { buildProgram, COMMANDS } from "../../src/program.js";

const argv = (...words: string[]) => ["node", "awstriage", ...words];

describe("buildProgram", () => {
  it("lists every command in --help whether or not its module was loaded", async () => {
    const everything = await buildProgram();
    const stubs = await buildProgram(argv("--help"));
    expect(stubs.helpInformation()).toBe(everything.helpInformation());
    // and `help`, which every command that groups others has.
    expect(stubs.commands.map((c) => c.name()).filter((n) => n !== "help")).toEqual(
      COMMANDS.map((c) => c.command.split(" ")[0]),
    );
  });

  it("keeps each table description the same as the module's own", async () => {
    const everything = await buildProgram();
    for (const entry of COMMANDS) {
      const name = entry.command.split(" ")[0];
      const registered = everything.commands.find((c) => c.name() === name);
      expect(registered?.description(), name).toBe(entry.description);
      expect(
        [
          registered?.name(),
          ...(registered?.registeredArguments ?? []).map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)),
        ].join(" "),
      ).toBe(entry.command);
    }
  });

  it("registers the module of a command the line names, and only stubs for the others", async () => {
    const program = await buildProgram(argv("--profile", "p", "ec2", "list"));
    const ec2 = program.commands.find((c) => c.name() === "ec2");
    expect(ec2?.commands.map((c) => c.name())).toContain("list");
    const whoami = program.commands.find((c) => c.name() === "whoami");
    // A stub has neither options nor an action of its own.
    expect(whoami?.options).toEqual([]);
    expect((whoami as unknown as { _actionHandler: unknown })._actionHandler).toBeNull();
    const full = (await buildProgram(argv("whoami"))).commands.find((c) => c.name() === "whoami");
    expect(full?.options.length).toBeGreaterThan(0);
  });

  it("registers every command's module for a completion line: the script describes them all", async () => {
    const program = await buildProgram(argv("completion", "bash"));
    const commands = program.commands.filter((c) => c.name() !== "help");
    expect(commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.command.split(" ")[0]));
    // A stub has no options; a registered command has at least the global ones.
    for (const cmd of commands) expect(cmd.options.length, cmd.name()).toBeGreaterThan(0);
  });
});
