import { describe, expect, it } from "vitest";
import { accountRows } from "../../../src/triage/by-account.js";
import type { Finding } from "../../../src/records/index.js";

const finding = (account: string, severity: Finding["severity"], accountLabel: string | null = null) =>
  ({ account, severity, accountLabel }) as unknown as Finding;

describe("triage --by account", () => {
  it("counts by severity, worst account first, with a row for quiet and failed accounts", () => {
    const rows = accountRows(
      [finding("1", "low"), finding("2", "high", "prod"), finding("1", "low"), finding("2", "low", "prod")],
      [
        { account: "1", accountLabel: null, failed: false },
        { account: "2", accountLabel: "prod", failed: false },
        { account: "3", accountLabel: "quiet", failed: false },
        { account: "4", accountLabel: null, failed: true },
      ],
    );
    expect(rows.map((r) => [r.account, r.accountLabel, r.failed, r.findings, r.high, r.low])).toEqual([
      ["2", "prod", false, 2, 1, 1],
      ["1", null, false, 2, 0, 2],
      ["3", "quiet", false, 0, 0, 0],
      ["4", null, true, 0, 0, 0],
    ]);
    expect(Object.keys(rows[0] as object)).toEqual([
      "account",
      "accountLabel",
      "failed",
      "findings",
      "critical",
      "high",
      "medium",
      "low",
      "info",
    ]);
  });
});
