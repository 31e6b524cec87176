/** Lambda rules over `lambda metrics` (the `--since` window) and `lambda list` records. */
import type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records/index.js";
import { functionArn } from "./arn.js";
import { isDeprecatedOn, runtimeDeprecation } from "./lambda-runtimes.js";
import { percent } from "../output/percent.js";
import { defineRule, plural, type Match, type ResourceRef } from "./rule.js";
import type { TriageData } from "./types.js";

function lambdaFunction(
  r: Pick<LambdaMetricsRecord, "functionName" | "region" | "account">,
  arn?: string | null,
): ResourceRef {
  return {
    resourceId: r.functionName,
    arn: arn || functionArn(r.region, r.account, r.functionName),
    account: r.account,
    region: r.region,
  };
}

/**
 * The error rate of a window: the record's own, else errors / invocations. Errors with no
 * recorded invocations (the datapoints can straddle the window's edge) count as all failed.
 * null when invocations is a lower bound (a partial answer): no rate over a partial count.
 */
export function errorRate(r: LambdaMetricsRecord): number | null {
  if (r.errorRate !== null) return r.errorRate;
  if (r.partialFields?.includes("invocations")) return null;
  return r.invocations > 0 ? r.errors / r.invocations : 1;
}

/** The evidence of a record built from an incomplete answer: which numbers are lower bounds, and why. */
export function partialEvidence(r: Pick<LambdaMetricsRecord, "partial" | "partialReason" | "partialFields">) {
  return r.partial ? { partial: true, partialReason: r.partialReason, partialFields: r.partialFields } : {};
}

/** `5 invocations`, or `≥ 5 invocations` when the count is a lower bound. */
const count = (n: number, word: string, field: string, e: { partialFields?: readonly string[] }) =>
  `${e.partialFields?.includes(field) ? "≥ " : ""}${plural(n, word)}`;

export const errors = defineRule({
  id: "lambda.errors",
  summary: "Errors > 0 in the --since window",
  resourceType: "lambda:function",
  source: "metrics",
  logEvidence: true,
  thresholds: {
    errorRateHigh: { unit: "fraction", default: 0.05, description: "error rate at which the finding is high" },
  },
  check: (records, ctx) =>
    records
      .filter((r) => r.errors > 0)
      .map((r) => ({
        resource: lambdaFunction(r),
        evidence: {
          errors: r.errors,
          invocations: r.invocations,
          errorRate: errorRate(r),
          highAtErrorRate: ctx.thresholds.errorRateHigh as number,
          ...partialEvidence(r),
        },
      })),
  severity: {
    describe: "high if the error rate is at least errorRateHigh, else medium (medium when a count is partial)",
    default: "medium",
    of: (e, t) => (e.errorRate !== null && e.errorRate >= (t.errorRateHigh as number) ? "high" : "medium"),
  },
  title: (e, resource) =>
    `Function ${resource.resourceId}: ${count(e.errors, "error", "errors", e)} in ${count(e.invocations, "invocation", "invocations", e)} (${e.errorRate === null ? "no rate: partial data" : percent(e.errorRate)})`,
});

/**
 * Invocations counts only the calls that ran, so the share of attempts throttled is
 * Throttles / (Invocations + Throttles): 250 throttles beside 2,000 invocations is 11%.
 */
export const throttles = defineRule({
  id: "lambda.throttles",
  summary: "Throttles > 0 in the --since window; judged as a share of attempts, Throttles / (Invocations + Throttles)",
  resourceType: "lambda:function",
  source: "metrics",
  thresholds: {
    throttleRateHigh: {
      unit: "fraction",
      default: 0.05,
      description: "share of attempts throttled at which the finding is high",
    },
  },
  check: (records, ctx) =>
    records
      .filter((r) => r.throttles > 0)
      .map((r) => ({
        resource: lambdaFunction(r),
        evidence: {
          throttles: r.throttles,
          invocations: r.invocations,
          ...partialEvidence(r),
          attempts: r.invocations + r.throttles,
          // From an incomplete answer the share is not known (either count may be a lower bound).
          throttleRate: r.partial ? null : r.throttles / (r.invocations + r.throttles),
          highAtThrottleRate: ctx.thresholds.throttleRateHigh as number,
        },
      })),
  severity: {
    describe:
      "high if the share of attempts throttled is at least throttleRateHigh, else medium (medium when a count is partial)",
    default: "medium",
    of: (e, t) => (e.throttleRate !== null && e.throttleRate >= (t.throttleRateHigh as number) ? "high" : "medium"),
  },
  title: (e, resource) =>
    `Function ${resource.resourceId}: ${count(e.throttles, "throttled invocation", "throttles", e)}${e.throttleRate === null ? "" : ` (${percent(e.throttleRate)} of ${plural(e.attempts, "attempt")})`}`,
});

const functionKey = (account: string | null, region: string, name: string) => JSON.stringify([account, region, name]);

/**
 * A metrics record carries its function's timeout; where it does not (its list was fetched
 * separately), the function list of the same account and region gives it.
 */
function timeoutsFromList(data: TriageData): Map<string, number> {
  const timeouts = new Map<string, number>();
  for (const batch of data.functions)
    for (const f of batch.records as readonly LambdaFunctionRecord[])
      if (f.timeout !== null) timeouts.set(functionKey(f.account, f.region, f.functionName), f.timeout * 1000);
  return timeouts;
}

export const durationNearTimeout = defineRule({
  id: "lambda.duration-near-timeout",
  summary: "max Duration in the window is at least timeoutShare of the function's timeout",
  resourceType: "lambda:function",
  source: "metrics",
  alsoReads: ["functions"],
  thresholds: {
    timeoutShare: { unit: "fraction", default: 0.8, description: "share of the timeout that max Duration reaches" },
  },
  check: (records, ctx) => {
    const listed = timeoutsFromList(ctx.data);
    const matches = [];
    for (const r of records) {
      const timeoutMs = r.timeoutMs ?? listed.get(functionKey(r.account, r.region, r.functionName)) ?? null;
      if (r.durationMaxMs === null || timeoutMs === null || timeoutMs <= 0) continue;
      const share = r.durationMaxMs / timeoutMs;
      if (share < (ctx.thresholds.timeoutShare as number)) continue;
      matches.push({
        resource: lambdaFunction(r),
        evidence: {
          durationMaxMs: r.durationMaxMs,
          durationP99Ms: r.durationP99Ms,
          timeoutMs,
          share,
          thresholdShare: ctx.thresholds.timeoutShare as number,
          ...partialEvidence(r),
        },
      });
    }
    return matches;
  },
  severity: "high",
  title: (e, resource) =>
    `Function ${resource.resourceId}: max duration ${Math.round(e.durationMaxMs)} ms is ${percent(e.share)} of its ${e.timeoutMs} ms timeout`,
});

export const deprecatedRuntime = defineRule({
  id: "lambda.deprecated-runtime",
  summary: "the runtime's AWS deprecation date is on or before the day the function list was fetched",
  resourceType: "lambda:function",
  source: "functions",
  check: (records, ctx) => {
    const matches: Match<{ runtime: string; deprecatedOn: string; name: string }>[] = [];
    for (const r of records) {
      const entry = runtimeDeprecation(r.runtime, ctx.runtimes);
      if (entry === undefined || !isDeprecatedOn(entry, ctx.today)) continue;
      matches.push({
        resource: lambdaFunction(r, r.functionArn),
        evidence: { runtime: entry.runtime, deprecatedOn: entry.deprecatedOn, name: entry.name },
      });
    }
    return matches;
  },
  severity: "medium",
  title: (e, resource) =>
    `Function ${resource.resourceId}: runtime ${e.runtime} (${e.name}) deprecated since ${e.deprecatedOn}`,
});
