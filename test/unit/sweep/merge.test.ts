import { describe, expect, it } from "vitest";
import { mergeRecords, sweepExitCode, withLabel, type Outcome } from "../../../src/sweep/merge.js";
import { AwstriageError } from "../../../src/errors/errors.js";
import type { AccountResult } from "../../../src/run/result.js";

const result = (records: unknown[], failures: AccountResult["failures"] = []): AccountResult => ({
  input: { command: "ec2 list", records },
  records,
  account: null,
  arn: null,
  profile: "p",
  regions: ["us-east-1"],
  sources: [],
  failures,
  exitCode: 0,
});
const target = (account: string, label: string | null = null): Outcome["target"] => ({
  kind: "role",
  roleArn: `arn:aws:iam::${account}:role/r`,
  account,
  label,
});

describe("merging a sweep", () => {
  it("puts accountLabel right after account", () => {
    expect(Object.keys(withLabel({ id: "i", account: "1", region: "r" }, "x") as object)).toEqual([
      "id",
      "account",
      "accountLabel",
      "region",
    ]);
  });

  it("sorts records by account then region, keeping each account's own order within a region", () => {
    const outcomes: Outcome[] = [
      { target: target("2", "b"), result: result([{ account: "2", region: "us-east-1", id: "z" }]) },
      {
        target: target("1"),
        result: result([
          { account: "1", region: "us-east-1", id: "b" },
          { account: "1", region: "us-east-1", id: "a" },
          { account: "1", region: "eu-west-1", id: "c" },
        ]),
      },
    ];
    expect(mergeRecords(outcomes, "records", false)).toEqual([
      { account: "1", accountLabel: null, region: "eu-west-1", id: "c" },
      { account: "1", accountLabel: null, region: "us-east-1", id: "b" },
      { account: "1", accountLabel: null, region: "us-east-1", id: "a" },
      { account: "2", accountLabel: "b", region: "us-east-1", id: "z" },
    ]);
  });

  it("orders findings by severity, then account", () => {
    const outcomes: Outcome[] = [
      {
        target: target("2"),
        result: result([
          { severity: "critical", account: "2" },
          { severity: "low", account: "2" },
        ]),
      },
      {
        target: target("1"),
        result: result([
          { severity: "low", account: "1" },
          { severity: "high", account: "1" },
        ]),
      },
    ];
    expect(mergeRecords(outcomes, "findings", false).map((f) => (f as { account: string }).account)).toEqual([
      "2",
      "1",
      "1",
      "2",
    ]);
  });

  it("exits 3 only when every account failed on credentials, 4 for a partial sweep, else the commands' own code", () => {
    const creds = new AwstriageError("no credentials", 3);
    const api = new AwstriageError("denied", 4);
    const ok: Outcome = { target: target("1"), result: result([]), exitCode: 0 };
    expect(
      sweepExitCode([
        { target: target("1"), error: creds },
        { target: target("2"), error: creds },
      ]),
    ).toBe(3);
    expect(sweepExitCode([{ target: target("1"), error: creds }, ok])).toBe(4);
    expect(
      sweepExitCode([
        { target: target("1"), error: api },
        { target: target("2"), error: creds },
      ]),
    ).toBe(4);
    expect(sweepExitCode([ok, { target: target("2"), result: result([]), exitCode: 6 }])).toBe(6);
    expect(sweepExitCode([ok])).toBe(0);
  });
});
