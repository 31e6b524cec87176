/** Usage errors in one form, and the nearest command for a typo. */
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors/errors.js";
import { editDistance, nearest, usageErrorFromCommander } from "../../../src/help/usage-errors.js";
import { reportError } from "../../../src/main.js";

describe("nearest", () => {
  it("suggests the closest command for a typo, a swap or a prefix", () => {
    expect(nearest("lsit", ["list", "status"])).toBe("list");
    expect(nearest("stauts", ["list", "status"])).toBe("status");
    expect(nearest("ecc", ["whoami", "ec2", "lambda", "cloudwatch", "logs"])).toBe("ec2");
    expect(nearest("cloud", ["whoami", "ec2", "cloudwatch"])).toBe("cloudwatch");
    // Dropped letters: the word's letters in order in one name only.
    expect(nearest("clr", ["ls", "clear", "path"])).toBe("clear");
    expect(nearest("stts", ["list", "status"])).toBe("status");
  });

  it("suggests nothing when nothing is close", () => {
    expect(nearest("zzzz", ["list", "status"])).toBeUndefined();
    expect(nearest("l", ["logs", "lambda"])).toBeUndefined();
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("lsit", "list")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("commander's usage errors", () => {
  it("become `awstriage: …` lines with commander's hint as the suggestion", () => {
    const error = usageErrorFromCommander(
      new CommanderError(1, "commander.unknownOption", "error: unknown option '--stat'\n(Did you mean --state?)"),
    );
    expect(error).toBeInstanceOf(UsageError);
    let text = "";
    expect(
      reportError(error, [], (t) => {
        text += t;
        return true;
      }),
    ).toBe(2);
    expect(text).toBe("awstriage: unknown option '--stat'\n  → did you mean --state?\n");
  });

  it("are reported by main's handler in that form, exit 2; help and version are not errors", () => {
    let text = "";
    const write = (t: string) => {
      text += t;
      return true;
    };
    expect(
      reportError(
        new CommanderError(1, "commander.missingArgument", "error: missing required argument 'old'"),
        [],
        write,
      ),
    ).toBe(2);
    expect(text).toBe("awstriage: missing required argument 'old'\n");
    expect(reportError(new CommanderError(0, "commander.help", "(outputHelp)"), [], write)).toBe(0);
    expect(reportError(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), [], write)).toBe(0);
    expect(reportError(new CommanderError(0, "commander.version", "0.1.0"), [], write)).toBe(0);
  });
});
