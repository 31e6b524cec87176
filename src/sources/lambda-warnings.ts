/** What `lambda metrics` and triage say on stderr when GetMetricData did not answer everything. */
import type { Invocation } from "../run/invocation.js";
import type { LambdaMetricsOutcome } from "../normalize/lambda.js";
import { LAMBDA_PERCENTILE_QUERY } from "../metrics/metric-queries.js";
import { partialWarning } from "../metrics/completeness.js";

/** Failed queries (p99 apart: every other field is complete then) and partial answers (lower bounds). */
export function warnIncomplete(
  run: Invocation,
  region: string,
  outcome: Pick<LambdaMetricsOutcome, "unavailable" | "partial">,
): void {
  const { unavailable, partial } = outcome;
  const p99 = unavailable.filter((u) => u.key === LAMBDA_PERCENTILE_QUERY.key);
  const other = unavailable.filter((u) => u.key !== LAMBDA_PERCENTILE_QUERY.key);
  if (p99.length > 0) {
    const reason = p99[0]?.message ?? p99[0]?.statusCode;
    run.log.warn(
      { region },
      `p99 duration unavailable for ${p99.length} function(s) in ${region}, so durationP99Ms is null (${reason}); every other field is complete`,
    );
  }
  if (other.length > 0) {
    const which = [...new Set(other.map((u) => `${u.functionName} ${u.key}`))].slice(0, 5).join(", ");
    run.log.warn(
      { region },
      `GetMetricData could not answer ${other.length} query(ies) in ${region} (${which}${other.length > 5 ? ", ..." : ""}); those counts may be low`,
    );
  }
  if (partial.length > 0)
    run.log.warn(
      { region },
      partialWarning(
        region,
        partial.map((u) => `${u.functionName} ${u.key}`),
        "counts",
      ),
    );
}
