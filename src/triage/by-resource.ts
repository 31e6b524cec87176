/**
 * `triage --by resource`: the incident view. One row per resource (account + region +
 * resource id) with every finding about it, the worst resources first, and its signals in
 * one line (`40 errors in 400 invocations (10%); 3 throttled invocations`).
 */
import type { Finding, Severity } from "../records/index.js";
import { compareFindings, severityRank } from "../rules/severity.js";
import { compareText } from "../normalize/order.js";

export interface ResourceRow {
  resource: string;
  resourceType: string;
  arn: string | null;
  account: string | null;
  region: string;
  /** The worst severity among its findings. */
  severity: Severity;
  /** Its findings' titles without the resource's own name, worst first. */
  signals: string;
  findings: Finding[];
}

export const RESOURCE_ROW_COLUMNS = ["severity", "resourceType", "resource", "region", "signals"] as const;

/** `Function pay: 3 errors` → `3 errors`; `Alarm x is ALARM` → `is ALARM`. */
function signalOf(f: Finding): string {
  const at = f.title.indexOf(f.resourceId);
  if (at < 0) return f.title;
  return f.title.slice(at + f.resourceId.length).replace(/^:?\s+/, "") || f.title;
}

export function resourceRows(findings: readonly Finding[]): ResourceRow[] {
  const rows = new Map<string, ResourceRow>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = JSON.stringify([f.account, f.region, f.resourceType, f.resourceId]);
    const row = rows.get(key);
    if (row === undefined)
      rows.set(key, {
        resource: f.resourceId,
        resourceType: f.resourceType,
        arn: f.arn,
        account: f.account,
        region: f.region,
        severity: f.severity,
        signals: "",
        findings: [f],
      });
    else row.findings.push(f);
  }
  const worst = (r: ResourceRow) => r.findings.map((f) => severityRank(f.severity));
  const compareRows = (a: ResourceRow, b: ResourceRow) => {
    const [wa, wb] = [worst(a), worst(b)];
    for (let i = 0; i < Math.max(wa.length, wb.length); i++) {
      // Worse first at each position; more findings of a severity outrank fewer.
      const x = wa[i] ?? Number.POSITIVE_INFINITY;
      const y = wb[i] ?? Number.POSITIVE_INFINITY;
      if (x !== y) return x - y;
    }
    return (
      compareText(a.resource, b.resource) ||
      compareText(a.region, b.region) ||
      compareText(a.account ?? "", b.account ?? "")
    );
  };
  return [...rows.values()]
    .map((row) => ({ ...row, signals: row.findings.map(signalOf).join("; ") }))
    .sort(compareRows);
}
