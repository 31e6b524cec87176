import { describe, expect, it } from "vitest";
import { noRetention } from "../../../src/rules/logs.js";
import { ACCOUNT, check, ctx, logGroup, OBSERVED_AT, REGION } from "../../helpers/records.js";

describe("logs.no-retention", () => {
  it("reports a log group that never expires, with the ARN minus its trailing :*", () => {
    expect(check(noRetention, [logGroup({ retentionInDays: null })], ctx())).toEqual([
      {
        ruleId: "logs.no-retention",
        severity: "low",
        title: "Log group /aws/lambda/checkout never expires",
        resourceType: "logs:log-group",
        resourceId: "/aws/lambda/checkout",
        arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/checkout`,
        account: ACCOUNT,
        region: REGION,
        evidence: { retentionInDays: null, storedBytes: 2048, createdAt: "2025-06-01T00:00:00.000Z" },
        observedAt: OBSERVED_AT,
        related: [],
      },
    ]);
  });

  it("ignores log groups with any retention, even one day", () => {
    expect(check(noRetention, [logGroup(), logGroup({ retentionInDays: 1 })], ctx())).toEqual([]);
  });

  it("builds the ARN from account and region when the record has none", () => {
    expect(check(noRetention, [logGroup({ arn: null, retentionInDays: null })], ctx())[0]?.arn).toBe(
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/checkout`,
    );
  });
});
