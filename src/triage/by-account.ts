/**
 * `triage --by account`: one row per account with its findings counted by severity, the
 * accounts most on fire first. Every account of the run has a row, those without findings
 * (all zeros) and those that failed (`failed: true`: their zeros mean nothing) included.
 */
import { SEVERITIES, type Finding, type Severity } from "../records/index.js";
import { compareText } from "../normalize/order.js";

export interface AccountOfRun {
  account: string | null;
  accountLabel: string | null;
  failed: boolean;
}

export type AccountRow = AccountOfRun & { findings: number } & Record<Severity, number>;

export const ACCOUNT_ROW_COLUMNS = ["account", "accountLabel", "failed", "findings", ...SEVERITIES] as const;

export function accountRows(findings: readonly Finding[], accounts: readonly AccountOfRun[]): AccountRow[] {
  const rows = new Map<string, AccountRow>();
  const rowOf = (account: string | null, accountLabel: string | null, failed: boolean): AccountRow => {
    const key = account ?? "";
    let row = rows.get(key);
    if (row === undefined) {
      const zeros = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
      row = { account, accountLabel, failed, findings: 0, ...zeros };
      rows.set(key, row);
    }
    return row;
  };
  for (const a of accounts) rowOf(a.account, a.accountLabel, a.failed);
  for (const f of findings) {
    const labelled = f as Finding & { accountLabel?: string | null };
    const row = rowOf(f.account, labelled.accountLabel ?? null, false);
    row.findings += 1;
    row[f.severity] += 1;
  }
  const worstFirst = (a: AccountRow, b: AccountRow) => {
    for (const s of SEVERITIES) if (a[s] !== b[s]) return b[s] - a[s];
    return compareText(a.account ?? "", b.account ?? "");
  };
  return [...rows.values()].sort(worstFirst);
}
