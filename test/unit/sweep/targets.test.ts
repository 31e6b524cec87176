import { describe, expect, it } from "vitest";
import { checkTargets, parseAccounts, profileTargets } from "../../../src/sweep/targets.js";
import { AwstriageError, UsageError } from "../../../src/errors/errors.js";
import type { SharedConfig } from "../../../src/aws/config-files.js";

const config = (profiles: Record<string, Record<string, string>>): SharedConfig =>
  ({
    configFile: "/cfg",
    credentialsFile: "/creds",
    profiles: new Map(Object.entries(profiles)),
  }) as SharedConfig;

describe("--accounts lists", () => {
  it("reads role ARNs and profile:NAME, with labels after a tab, spaces or a comma; skips blanks and comments", () => {
    const text = [
      "# accounts",
      "arn:aws:iam::111111111111:role/triage\tprod-eu",
      "",
      "  profile:dev   dev sandbox  ",
      "arn:aws:iam::222222222222:role/path/ro,staging # trailing comment",
      "arn:aws:iam::333333333333:role/triage",
    ].join("\n");
    expect(parseAccounts(text, "f")).toEqual([
      { kind: "role", roleArn: "arn:aws:iam::111111111111:role/triage", account: "111111111111", label: "prod-eu" },
      { kind: "profile", profile: "dev", account: null, label: "dev sandbox" },
      { kind: "role", roleArn: "arn:aws:iam::222222222222:role/path/ro", account: "222222222222", label: "staging" },
      { kind: "role", roleArn: "arn:aws:iam::333333333333:role/triage", account: "333333333333", label: null },
    ]);
  });

  it("refuses a malformed line, naming its number, and an empty list (usage errors)", () => {
    expect(() => parseAccounts("arn:aws:iam::111111111111:role/a\narn:aws:iam::1:role/x\n", "f")).toThrow(
      /f line 2: "arn:aws:iam::1:role\/x" is neither a role ARN nor profile:NAME/,
    );
    expect(() => parseAccounts("profile:\n", "f")).toThrow(UsageError);
    expect(() => parseAccounts("# nothing\n\n", "f")).toThrow(/names no account/);
  });

  it("refuses the same account twice, by ARN or by a profile's role_arn, and an unknown profile (exit 3)", () => {
    const shared = config({ ops: { role_arn: "arn:aws:iam::111111111111:role/ops" }, dev: {} });
    const twice = parseAccounts("arn:aws:iam::111111111111:role/a\nprofile:ops\n", "f");
    expect(() => checkTargets(twice, shared, false)).toThrow(/account 111111111111 twice/);
    expect(() => checkTargets(profileTargets("dev,dev"), shared, false)).toThrow(/profile:dev twice/);
    try {
      checkTargets(profileTargets("dev,nope"), shared, false);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AwstriageError);
      expect((error as AwstriageError).exitCode).toBe(3);
    }
    // Offline, a profile that is gone from the config may still have its data cached.
    expect(checkTargets(profileTargets("nope"), shared, true)).toHaveLength(1);
  });
});
