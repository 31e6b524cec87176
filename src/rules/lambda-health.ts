/** Lambda rules about a function's state and the account's concurrency. */
import { functionArn } from "./arn.js";
import { percent } from "../output/percent.js";
import { defineRule } from "./rule.js";
import { ACCOUNT_RESOURCE_ID } from "../normalize/graph.js";

/**
 * State and LastUpdateStatus come with GetFunction/GetFunctionConfiguration only: ListFunctions
 * (what awstriage caches) leaves them out, so against real AWS the records carry null and this
 * rule stays silent. It judges what the records carry (a cache written from GetFunction, an
 * emulator that fills them) rather than spend one call per function on every run.
 */
export const stateFailed = defineRule({
  id: "lambda.state-failed",
  summary:
    "State or LastUpdateStatus is Failed (only where the function records carry them: ListFunctions leaves them out)",
  resourceType: "lambda:function",
  source: "functions",
  check: (records) =>
    records
      .filter((r) => r.state === "Failed" || r.lastUpdateStatus === "Failed")
      .map((r) => ({
        resource: {
          resourceId: r.functionName,
          arn: r.functionArn || functionArn(r.region, r.account, r.functionName),
          account: r.account,
          region: r.region,
        },
        evidence: {
          state: r.state,
          stateReason: r.stateReason,
          lastUpdateStatus: r.lastUpdateStatus,
          lastUpdateStatusReason: r.lastUpdateStatusReason,
        },
      })),
  severity: "high",
  title: (e, resource) => {
    const what =
      e.state === "Failed"
        ? `state Failed${e.stateReason ? ` (${e.stateReason})` : ""}`
        : `last update Failed${e.lastUpdateStatusReason ? ` (${e.lastUpdateStatusReason})` : ""}`;
    return `Function ${resource.resourceId}: ${what}`;
  },
});

export const concurrencyNearLimit = defineRule({
  id: "lambda.concurrency-near-limit",
  summary: "the account's peak ConcurrentExecutions in the window is at least limitShare of its concurrency limit",
  resourceType: "lambda:account",
  source: "accountConcurrency",
  thresholds: {
    limitShare: { unit: "fraction", default: 0.8, description: "share of AccountLimit.ConcurrentExecutions reached" },
  },
  check: (records, ctx) =>
    records.flatMap((r) => {
      const limit = r.concurrentExecutionsLimit;
      const peak = r.peakConcurrentExecutions;
      if (limit === null || limit <= 0 || peak === null) return [];
      const share = peak / limit;
      if (share < (ctx.thresholds.limitShare as number)) return [];
      return [
        {
          resource: {
            // Every account-level resource is `account` (the account number is its own field).
            resourceId: ACCOUNT_RESOURCE_ID,
            arn: null,
            account: r.account,
            region: r.region,
          },
          evidence: {
            peakConcurrentExecutions: peak,
            concurrentExecutionsLimit: limit,
            unreservedConcurrentExecutions: r.unreservedConcurrentExecutions,
            share,
            thresholdShare: ctx.thresholds.limitShare as number,
            // A peak from an incomplete answer is a lower bound: marked, and capped by the engine.
            ...(r.peakPartialReason ? { partial: true, partialReason: r.peakPartialReason } : {}),
          },
        },
      ];
    }),
  severity: "high",
  title: (e, resource) =>
    `Lambda in ${resource.region}: peak ${"partial" in e ? "≥ " : ""}${e.peakConcurrentExecutions} concurrent executions is ${percent(e.share)} of the account limit ${e.concurrentExecutionsLimit}`,
});
