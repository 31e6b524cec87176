/** CloudWatch Logs rules over `logs groups` records. */
import type { LogGroupRecord } from "../records.js";
import { logGroupArn } from "./arn.js";
import type { Finding, RuleContext } from "./types.js";

/** `logs.no-retention` (low): the log group never expires, so it is kept (and billed) forever. */
export function noRetention(records: readonly LogGroupRecord[], ctx: RuleContext): Finding[] {
  return records
    .filter((r) => r.retentionInDays === null)
    .map(
      (r): Finding => ({
        ruleId: "logs.no-retention",
        severity: "low",
        title: `Log group ${r.logGroupName} never expires`,
        resourceType: "logs:log-group",
        resourceId: r.logGroupName,
        arn: logGroupArn(r.region, r.account, r.logGroupName, r.arn),
        account: r.account,
        region: r.region,
        evidence: { retentionInDays: null, storedBytes: r.storedBytes, createdAt: r.createdAt },
        observedAt: ctx.observedAt,
      }),
    );
}
