/** Lambda rules over `lambda metrics` (the `--since` window) and `lambda list` records. */
import type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records.js";
import { functionArn } from "./arn.js";
import { isDeprecatedOn, runtimeDeprecation } from "./lambda-runtimes.js";
import type { Finding, RuleContext } from "./types.js";

/** Errors / invocations at or above this make `lambda.errors` high instead of medium. */
export const ERROR_RATE_HIGH = 0.05;
/** Max duration at or above this share of the timeout is `lambda.duration-near-timeout`. */
export const DURATION_TIMEOUT_SHARE = 0.8;

function base(functionName: string, region: string, account: string | null, ctx: RuleContext, arn?: string | null) {
  return {
    resourceType: "lambda:function",
    resourceId: functionName,
    arn: arn || functionArn(region, account, functionName),
    account,
    region,
    observedAt: ctx.observedAt,
  };
}

export const percent = (share: number) => `${(share * 100).toFixed(1).replace(/\.0$/, "")}%`;

/**
 * The error rate of a window: the record's own, else errors / invocations. Errors with no
 * recorded invocations (the datapoints can straddle the window's edge) count as all failed.
 */
export function errorRate(r: LambdaMetricsRecord): number {
  if (r.errorRate !== null) return r.errorRate;
  return r.invocations > 0 ? r.errors / r.invocations : 1;
}

/** `lambda.errors`: Errors > 0 in the window; high when the error rate is at least ERROR_RATE_HIGH. */
export function errors(records: readonly LambdaMetricsRecord[], ctx: RuleContext): Finding[] {
  return records
    .filter((r) => r.errors > 0)
    .map((r): Finding => {
      const rate = errorRate(r);
      return {
        ruleId: "lambda.errors",
        severity: rate >= ERROR_RATE_HIGH ? "high" : "medium",
        title: `Function ${r.functionName}: ${r.errors} error${r.errors === 1 ? "" : "s"} in ${r.invocations} invocation${r.invocations === 1 ? "" : "s"} (${percent(rate)})`,
        ...base(r.functionName, r.region, r.account, ctx),
        evidence: { errors: r.errors, invocations: r.invocations, errorRate: rate, highAtErrorRate: ERROR_RATE_HIGH },
      };
    });
}

/** `lambda.throttles` (medium): Throttles > 0 in the window. */
export function throttles(records: readonly LambdaMetricsRecord[], ctx: RuleContext): Finding[] {
  return records
    .filter((r) => r.throttles > 0)
    .map(
      (r): Finding => ({
        ruleId: "lambda.throttles",
        severity: "medium",
        title: `Function ${r.functionName}: ${r.throttles} throttled invocation${r.throttles === 1 ? "" : "s"}`,
        ...base(r.functionName, r.region, r.account, ctx),
        evidence: { throttles: r.throttles, invocations: r.invocations },
      }),
    );
}

/** `lambda.duration-near-timeout` (high): max Duration is at least DURATION_TIMEOUT_SHARE of the timeout. */
export function durationNearTimeout(records: readonly LambdaMetricsRecord[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    if (r.durationMaxMs === null || r.timeoutMs === null || r.timeoutMs <= 0) continue;
    const share = r.durationMaxMs / r.timeoutMs;
    if (share < DURATION_TIMEOUT_SHARE) continue;
    findings.push({
      ruleId: "lambda.duration-near-timeout",
      severity: "high",
      title: `Function ${r.functionName}: max duration ${Math.round(r.durationMaxMs)} ms is ${percent(share)} of its ${r.timeoutMs} ms timeout`,
      ...base(r.functionName, r.region, r.account, ctx),
      evidence: {
        durationMaxMs: r.durationMaxMs,
        durationP99Ms: r.durationP99Ms,
        timeoutMs: r.timeoutMs,
        share,
        thresholdShare: DURATION_TIMEOUT_SHARE,
      },
    });
  }
  return findings;
}

/** `lambda.deprecated-runtime` (medium): the runtime's AWS deprecation date is today or earlier. */
export function deprecatedRuntime(records: readonly LambdaFunctionRecord[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    const entry = runtimeDeprecation(r.runtime);
    if (entry === undefined || !isDeprecatedOn(entry, ctx.today)) continue;
    findings.push({
      ruleId: "lambda.deprecated-runtime",
      severity: "medium",
      title: `Function ${r.functionName}: runtime ${entry.runtime} (${entry.name}) deprecated since ${entry.deprecatedOn}`,
      ...base(r.functionName, r.region, r.account, ctx, r.functionArn),
      evidence: { runtime: entry.runtime, deprecatedOn: entry.deprecatedOn },
    });
  }
  return findings;
}
