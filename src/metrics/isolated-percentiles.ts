/**
 * GetMetricData with percentiles in calls of their own. CloudWatch may refuse a call that
 * asks for a percentile (an extended statistic on a metric published without the data for
 * it, an emulator that does not implement them) while it answers the same call without it:
 * asking both in one call would lose every answer for one statistic. So the standard
 * statistics go first, in as few calls as the API allows; then the percentiles, at most
 * MAX_QUERIES_PER_CALL at a time, and a call of those that fails with an API error becomes
 * failed results, written the way GetMetricData itself reports a query it could not answer
 * (StatusCode `InternalError`, the error in Messages) and cached like the rest. Lambda's
 * metrics (sources/lambda.ts) and the metric catalogue (sources/metric-health.ts) both ask
 * through here.
 */
import type { AwsClientProvider } from "../aws/provider.js";
import type { PageListener } from "../aws/paginate.js";
import type { MetricDataQuery, MetricDataResult } from "../aws/cloudwatch.js";
import { errorName } from "../aws/error-classification.js";
import { AwsApiError } from "../errors/errors.js";

/** `p99`, `p99.9`: an extended statistic that is a percentile. */
export const isPercentile = (stat: string) => /^p\d/.test(stat);

const percentileQuery = (q: MetricDataQuery) => isPercentile(q.MetricStat?.Stat ?? "");

/** A percentile query whose call failed, as GetMetricData reports a failed query. */
export function failedResult(query: MetricDataQuery, error: AwsApiError): MetricDataResult {
  return {
    Id: query.Id,
    Label: query.Label,
    Timestamps: [],
    Values: [],
    StatusCode: "InternalError",
    Messages: [{ Code: errorName(error.cause), Value: error.message }],
  };
}

/** The answers to `queries` over the range: standard statistics first, then percentiles. */
export async function getMetricDataIsolatingPercentiles(
  provider: AwsClientProvider,
  region: string,
  queries: readonly MetricDataQuery[],
  range: { startTime: Date; endTime: Date; perCall?: number | undefined },
  onPage?: PageListener,
): Promise<MetricDataResult[]> {
  const { getMetricData, MAX_QUERIES_PER_CALL } = await import("../aws/cloudwatch.js");
  const standard = queries.filter((q) => !percentileQuery(q));
  const results =
    standard.length === 0 ? [] : await getMetricData(provider, region, { queries: standard, ...range }, onPage);
  const percentiles = queries.filter(percentileQuery);
  const perCall = Math.min(range.perCall ?? MAX_QUERIES_PER_CALL, MAX_QUERIES_PER_CALL);
  for (let offset = 0; offset < percentiles.length; offset += perCall) {
    const batch = percentiles.slice(offset, offset + perCall);
    try {
      results.push(...(await getMetricData(provider, region, { queries: batch, ...range })));
    } catch (error) {
      if (!(error instanceof AwsApiError) || error.kind !== "api") throw error;
      results.push(...batch.map((query) => failedResult(query, error)));
    }
  }
  return results;
}
