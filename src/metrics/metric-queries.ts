/**
 * GetMetricData queries and CloudWatch option rules, as pure functions: which queries
 * `lambda metrics` sends, how periods are chosen and validated, which statistics exist.
 */
import type { Dimension, MetricDataQuery } from "@aws-sdk/client-cloudwatch";

export interface LambdaMetricQuery {
  /** Prefix of the query Id; GetMetricData Ids must start with a lower-case letter. */
  key: string;
  metricName: string;
  stat: string;
  /** Its own period, when it differs from the call's (a series beside whole-window aggregates). */
  period?: number;
}

/** The standard statistics of `lambda metrics`, sent together. */
export const LAMBDA_STANDARD_QUERIES: readonly LambdaMetricQuery[] = [
  { key: "invocations", metricName: "Invocations", stat: "Sum" },
  { key: "errors", metricName: "Errors", stat: "Sum" },
  { key: "throttles", metricName: "Throttles", stat: "Sum" },
  { key: "durationMax", metricName: "Duration", stat: "Maximum" },
];
/**
 * The percentile query, sent in calls of its own: percentiles can fail where the standard
 * statistics do not (moto answers them with HTTP 500), and that must not cost the other fields.
 */
export const LAMBDA_PERCENTILE_QUERY: LambdaMetricQuery = { key: "durationP99", metricName: "Duration", stat: "p99" };

/**
 * Errors per period over the window (the `lambda metrics` table's sparkline), sent with the
 * standard statistics, so it costs no call of its own; `period` is the window's series period.
 */
export const LAMBDA_SERIES_KEY = "errorsSeries";
export const lambdaSeriesQuery = (period: number): LambdaMetricQuery => ({
  key: LAMBDA_SERIES_KEY,
  metricName: "Errors",
  stat: "Sum",
  period,
});

/**
 * One query per function and statistic over the whole window: Id `<key>_<index>`, Label
 * the function name, so each cached result says which function and statistic it is.
 */
export function lambdaMetricQueries(
  functionNames: readonly string[],
  specs: readonly LambdaMetricQuery[],
  periodSeconds: number,
): MetricDataQuery[] {
  return functionNames.flatMap((name, index) =>
    specs.map((spec) => ({
      Id: `${spec.key}_${index}`,
      Label: name,
      MetricStat: {
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: spec.metricName,
          Dimensions: [{ Name: "FunctionName", Value: name }],
        },
        Period: spec.period ?? periodSeconds,
        Stat: spec.stat,
      },
      ReturnData: true,
    })),
  );
}

/** The query key of a result Id (`errors_12` → `errors`). */
export function queryKeyOf(id: string | undefined): string {
  return (id ?? "").replace(/_\d+$/, "");
}

const MINUTE_S = 60;
const HOUR_S = 3_600;
const DAY_S = 86_400;

/**
 * CloudWatch keeps 1-minute data for 15 days, 5-minute data for 63 days and hourly data
 * beyond; a period finer than the data that still exists at the window's start is refused.
 */
export function coarsestRetainedPeriod(startAgeMs: number): number {
  const ageS = startAgeMs / 1000;
  if (ageS > 63 * DAY_S) return HOUR_S;
  if (ageS > 15 * DAY_S) return 5 * MINUTE_S;
  return MINUTE_S;
}

/** One period spanning the whole window (rounded up to what CloudWatch accepts that far back). */
export function wholeWindowPeriod(windowMs: number, startAgeMs: number = windowMs): number {
  const step = coarsestRetainedPeriod(startAgeMs);
  return Math.max(step, Math.ceil(windowMs / 1000 / step) * step);
}

/** Datapoints `cloudwatch metrics` aims for at most when it picks the period itself. */
export const TARGET_DATAPOINTS = 1_440;
const AUTO_PERIODS = [MINUTE_S, 5 * MINUTE_S, HOUR_S, DAY_S];

/** The finest of 1m, 5m, 1h, 1d that keeps the window within TARGET_DATAPOINTS and retention. */
export function defaultPeriod(windowMs: number, startAgeMs: number = windowMs): number {
  const floor = coarsestRetainedPeriod(startAgeMs);
  return AUTO_PERIODS.find((p) => p >= floor && windowMs / 1000 / p <= TARGET_DATAPOINTS) ?? DAY_S;
}

/** Periods GetMetricData accepts: high-resolution 1, 5, 10, 20, 30 seconds, or whole minutes. */
export function isValidPeriod(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds > 0 && ([1, 5, 10, 20, 30].includes(seconds) || seconds % MINUTE_S === 0);
}

export const STANDARD_STATS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
/** Extended statistics: p99, p99.9, tm90, wm95, tc90, ts90, and IQM. */
const EXTENDED_STAT_RE = /^(?:(?:p|tm|wm|tc|ts)(?:100|\d{1,2}(?:\.\d{1,10})?)|IQM)$/;

export function isValidStat(stat: string): boolean {
  return (STANDARD_STATS as readonly string[]).includes(stat) || EXTENDED_STAT_RE.test(stat);
}

/** `{K: V}` → GetMetricData dimensions, sorted by name (the cache key must not depend on flag order). */
export function toDimensions(map: Readonly<Record<string, string>>): Dimension[] {
  return Object.keys(map)
    .sort()
    .map((name) => ({ Name: name, Value: map[name] as string }));
}
