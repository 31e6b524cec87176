/** Raw Lambda items and their metrics (as cached) → records. Pure functions. */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records/index.js";
import {
  LAMBDA_PERCENTILE_QUERY,
  LAMBDA_SERIES_KEY,
  LAMBDA_STANDARD_QUERIES,
  queryKeyOf,
} from "../metrics/metric-queries.js";
import { seriesOf, type Grid } from "../onset/series.js";
import { isoOrNull } from "../time/json-dates.js";
import { completenessOf, markOf } from "../metrics/completeness.js";

export type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records/index.js";

/** What every environment variable value is replaced with before anything is cached or printed. */
export const REDACTED = "<redacted>";

/** Cached items went through JSON, so dates are ISO strings. */
export type CachedFunction = FunctionConfiguration;
export type CachedMetricDataResult = Omit<MetricDataResult, "Timestamps"> & { Timestamps?: Array<string | Date> };

export const FUNCTION_COLUMNS = [
  "functionName",
  "runtime",
  "memorySize",
  "timeout",
  "codeSize",
  "lastModified",
  "region",
] as const;
export const LAMBDA_METRICS_COLUMNS = [
  "functionName",
  "invocations",
  "errors",
  "throttles",
  "errorRate",
  "errorSeries",
  "durationMaxMs",
  "durationP99Ms",
  "timeoutMs",
  "region",
] as const;

/**
 * A copy of the function with every environment variable value replaced (names kept).
 * Applied in the fetch, so the values never reach the cache, stdout, `--out` or a log line.
 */
export function redactFunction(fn: FunctionConfiguration): FunctionConfiguration {
  const variables = fn.Environment?.Variables;
  if (variables === undefined) return fn;
  const redacted = Object.fromEntries(Object.keys(variables).map((name) => [name, REDACTED]));
  return { ...fn, Environment: { ...fn.Environment, Variables: redacted } };
}

export function normalizeFunction(raw: CachedFunction, account: string | null, region: string): LambdaFunctionRecord {
  return {
    account,
    region,
    functionName: raw.FunctionName ?? "",
    functionArn: raw.FunctionArn ?? "",
    runtime: raw.Runtime ?? null,
    handler: raw.Handler ?? null,
    memorySize: raw.MemorySize ?? null,
    timeout: raw.Timeout ?? null,
    codeSize: raw.CodeSize ?? null,
    lastModified: isoOrNull(raw.LastModified),
    // Redacted again here: a cache written by anything else must not leak either.
    environment: Object.fromEntries(Object.keys(raw.Environment?.Variables ?? {}).map((name) => [name, REDACTED])),
    packageType: raw.PackageType ?? null,
    architectures: [...(raw.Architectures ?? [])],
    layers: (raw.Layers ?? []).flatMap((layer) => (layer.Arn === undefined ? [] : [layer.Arn])),
    state: raw.State ?? null,
    stateReason: raw.StateReason ?? null,
    lastUpdateStatus: raw.LastUpdateStatus ?? null,
    lastUpdateStatusReason: raw.LastUpdateStatusReason ?? null,
    // Lambda answers VpcId "" and no subnets for a function outside any VPC.
    vpcId: raw.VpcConfig?.VpcId || null,
    subnetIds: [...(raw.VpcConfig?.SubnetIds ?? [])],
    deadLetterTarget: raw.DeadLetterConfig?.TargetArn || null,
    tracingMode: raw.TracingConfig?.Mode ?? null,
    kmsKeyArn: raw.KMSKeyArn || null,
    snapStart:
      raw.SnapStart === undefined
        ? null
        : { applyOn: raw.SnapStart.ApplyOn ?? null, optimizationStatus: raw.SnapStart.OptimizationStatus ?? null },
    ephemeralStorageMb: raw.EphemeralStorage?.Size ?? null,
    loggingConfig:
      raw.LoggingConfig === undefined
        ? null
        : {
            logFormat: raw.LoggingConfig.LogFormat ?? null,
            logGroup: raw.LoggingConfig.LogGroup || null,
            applicationLogLevel: raw.LoggingConfig.ApplicationLogLevel ?? null,
            systemLogLevel: raw.LoggingConfig.SystemLogLevel ?? null,
          },
  };
}

/** The log group a function writes to: its LoggingConfig's, else Lambda's default `/aws/lambda/<name>`. */
export function functionLogGroup(
  fn: Pick<LambdaFunctionRecord, "functionName"> & { loggingConfig?: LambdaFunctionRecord["loggingConfig"] },
): string {
  return fn.loggingConfig?.logGroup ?? `/aws/lambda/${fn.functionName}`;
}

/** A function/statistic GetMetricData could not answer (its own status, or a failed call). */
export interface UnavailableMetric {
  functionName: string;
  key: string;
  statusCode: string;
  message: string | null;
}

export interface LambdaMetricsOutcome {
  records: LambdaMetricsRecord[];
  unavailable: UnavailableMetric[];
  /** Queries answered incompletely (`PartialData`, or with messages): their values are lower bounds. */
  partial: UnavailableMetric[];
}

/** The record field each standard query fills, for `partialFields`. */
const FIELD_OF_KEY: Readonly<Record<string, keyof LambdaMetricsRecord>> = {
  invocations: "invocations",
  errors: "errors",
  throttles: "throttles",
  durationMax: "durationMaxMs",
  durationP99: "durationP99Ms",
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const maxOrNull = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.max(...values));

/**
 * One record per function. The window is one period, but CloudWatch may still split it in
 * two datapoints, so sums add up and maxima (and p99, as an upper bound) take the largest.
 * No datapoints means no invocations: counts are 0 and durations null. A partial answer keeps
 * its datapoints as a lower bound (the record says which fields and why), and the error rate
 * is never computed over a partial count of invocations. `errorSeries` is the Errors per period
 * on `grid` (the window's series grid), null without one or when the series was not answered.
 */
export function normalizeLambdaMetrics(
  functions: readonly CachedFunction[],
  results: readonly CachedMetricDataResult[],
  account: string | null,
  region: string,
  grid?: Grid,
): LambdaMetricsOutcome {
  const byFunction = new Map<string, Map<string, CachedMetricDataResult>>();
  for (const result of results) {
    const name = result.Label ?? "";
    const entry = byFunction.get(name) ?? new Map<string, CachedMetricDataResult>();
    entry.set(queryKeyOf(result.Id), result);
    byFunction.set(name, entry);
  }
  const unavailable: UnavailableMetric[] = [];
  const partial: UnavailableMetric[] = [];
  const records = functions.map((fn): LambdaMetricsRecord => {
    const functionName = fn.FunctionName ?? "";
    const byKey = byFunction.get(functionName);
    const reasons: string[] = [];
    const partialFields: string[] = [];
    const values = (key: string): number[] => {
      const result = byKey?.get(key);
      const completeness = completenessOf(result);
      if (completeness.kind === "complete") return result?.Values ?? [];
      const entry = {
        functionName,
        key,
        statusCode: result?.StatusCode ?? "Complete",
        message: result?.Messages?.[0]?.Value ?? null,
      };
      if (completeness.kind === "unanswered") {
        unavailable.push(entry);
        return [];
      }
      partial.push(entry);
      reasons.push(`${key}: ${completeness.reason}`);
      partialFields.push(FIELD_OF_KEY[key] ?? key);
      return result?.Values ?? [];
    };
    const [invocations, errors, throttles, durationMax] = LAMBDA_STANDARD_QUERIES.map((q) => values(q.key)) as [
      number[],
      number[],
      number[],
      number[],
    ];
    const p99 = values(LAMBDA_PERCENTILE_QUERY.key);
    const invocationCount = sum(invocations);
    const errorCount = sum(errors);
    const invocationsComplete = !partialFields.includes("invocations");
    const series = byKey?.get(LAMBDA_SERIES_KEY);
    // Not asked (a cache written before the series existed) or not answered: no series, not a flat one.
    const points =
      grid === undefined || series === undefined ? undefined : seriesOf([seriesParts(series)], "Sum", grid);
    return {
      account,
      region,
      functionName,
      invocations: invocationCount,
      errors: errorCount,
      throttles: sum(throttles),
      errorRate: invocationsComplete && invocationCount > 0 ? errorCount / invocationCount : null,
      durationMaxMs: maxOrNull(durationMax),
      durationP99Ms: maxOrNull(p99),
      timeoutMs: fn.Timeout === undefined ? null : fn.Timeout * 1000,
      ...markOf(reasons),
      partialFields,
      errorSeries: points ?? null,
    };
  });
  return { records, unavailable, partial };
}

/** A cached result as the series' reader takes it. */
const seriesParts = (r: CachedMetricDataResult) => ({
  timestamps: (r.Timestamps ?? []).map((t) => new Date(t).toISOString()),
  values: [...(r.Values ?? [])],
  status: r.StatusCode ?? "Missing",
});

/** `lambda list --runtime`: exact runtime names, any of them. */
export function matchesRuntime(record: LambdaFunctionRecord, runtimes: readonly string[] | undefined): boolean {
  return runtimes === undefined || runtimes.length === 0 || runtimes.includes(record.runtime ?? "");
}
