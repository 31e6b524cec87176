/** CloudWatch Logs rules over `logs groups` records. */
import { logGroupArn } from "./arn.js";
import { defineRule } from "./rule.js";

export const noRetention = defineRule({
  id: "logs.no-retention",
  summary: "the log group never expires (no retention set), so it is kept and billed forever",
  resourceType: "logs:log-group",
  source: "logGroups",
  check: (records) =>
    records
      .filter((r) => r.retentionInDays === null)
      .map((r) => ({
        resource: {
          resourceId: r.logGroupName,
          arn: logGroupArn(r.region, r.account, r.logGroupName, r.arn),
          account: r.account,
          region: r.region,
        },
        evidence: { retentionInDays: null, storedBytes: r.storedBytes, createdAt: r.createdAt },
      })),
  severity: "low",
  title: (_e, resource) => `Log group ${resource.resourceId} never expires`,
});
