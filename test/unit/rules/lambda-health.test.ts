import { describe, expect, it } from "vitest";
import { concurrencyNearLimit, stateFailed } from "../../../src/rules/lambda-health.js";
import type { AccountConcurrencyRecord } from "../../../src/rules/types.js";
import { ACCOUNT, check, ctx, lambdaFunction, REGION } from "../../helpers/records.js";

describe("lambda.state-failed", () => {
  it("reports State Failed as high with its reason, and a failed last update too", () => {
    const findings = check(
      stateFailed,
      [
        lambdaFunction({ functionName: "a", state: "Failed", stateReason: "The role is invalid" }),
        lambdaFunction({
          functionName: "b",
          state: "Active",
          lastUpdateStatus: "Failed",
          lastUpdateStatusReason: "EniLimitExceeded",
        }),
        lambdaFunction({ functionName: "c", state: "Active", lastUpdateStatus: "Successful" }),
        lambdaFunction({ functionName: "d", state: "Pending", lastUpdateStatus: "InProgress" }),
      ],
      ctx(),
    );
    expect(findings.map((f) => `${f.severity} ${f.title}`)).toEqual([
      "high Function a: state Failed (The role is invalid)",
      "high Function b: last update Failed (EniLimitExceeded)",
    ]);
    expect(findings[1]?.evidence).toEqual({
      state: "Active",
      stateReason: null,
      lastUpdateStatus: "Failed",
      lastUpdateStatusReason: "EniLimitExceeded",
    });
  });

  it("stays silent on records without a state (what ListFunctions gives from real AWS)", () => {
    expect(check(stateFailed, [lambdaFunction({ state: null, lastUpdateStatus: null })], ctx())).toEqual([]);
  });
});

describe("lambda.concurrency-near-limit", () => {
  const usage = (peak: number | null, limit: number | null = 1000): AccountConcurrencyRecord => ({
    account: ACCOUNT,
    region: REGION,
    concurrentExecutionsLimit: limit,
    unreservedConcurrentExecutions: limit,
    peakConcurrentExecutions: peak,
  });

  it("reports a peak at exactly 80 % of the limit as high, and not one just below", () => {
    const [at] = check(concurrencyNearLimit, [usage(800)], ctx());
    expect(at).toMatchObject({
      severity: "high",
      resourceType: "lambda:account",
      resourceId: "account",
      region: REGION,
      title: `Lambda in ${REGION}: peak 800 concurrent executions is 80% of the account limit 1000`,
      evidence: { peakConcurrentExecutions: 800, concurrentExecutionsLimit: 1000, share: 0.8, thresholdShare: 0.8 },
    });
    expect(check(concurrencyNearLimit, [usage(799)], ctx())).toEqual([]);
  });

  it("follows a configured limitShare", () => {
    const settings = {
      rules: { "lambda.concurrency-near-limit": { thresholds: { limitShare: 0.5 } } },
      runtimes: [],
      suppress: [],
    };
    expect(check(concurrencyNearLimit, [usage(500)], ctx(), settings)).toHaveLength(1);
    expect(check(concurrencyNearLimit, [usage(499)], ctx(), settings)).toEqual([]);
  });

  it("a peak from a partial answer is a lower bound: said in the title and evidence, and not high", () => {
    const [finding] = check(concurrencyNearLimit, [{ ...usage(900), peakPartialReason: "PartialData" }], ctx());
    expect(finding).toMatchObject({
      severity: "medium",
      title: `Lambda in ${REGION}: peak ≥ 900 concurrent executions is 90% of the account limit 1000`,
      evidence: { partial: true, partialReason: "PartialData" },
    });
  });

  it("judges nothing without a datapoint or a limit", () => {
    expect(check(concurrencyNearLimit, [usage(null), usage(900, null), usage(900, 0)], ctx())).toEqual([]);
  });
});
