/**
 * `awstriage lambda list` (ListFunctions, environment values redacted before caching) and
 * `lambda metrics` (GetMetricData over a window). The specs and collect functions are
 * exported for `triage`, which needs the same data without going through commander.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import { Run, type FetchSpec } from "../run.js";
import { AwsApiError, UsageError } from "../errors.js";
import { errorName } from "../aws/error-classification.js";
import type { MetricDataQuery } from "../aws/cloudwatch.js";
import {
  FUNCTION_COLUMNS,
  LAMBDA_METRICS_COLUMNS,
  matchesRuntime,
  normalizeFunction,
  normalizeLambdaMetrics,
  redactFunction,
  type CachedFunction,
  type CachedMetricDataResult,
  type LambdaFunctionRecord,
  type LambdaMetricsRecord,
  type UnavailableMetric,
} from "../normalize/lambda.js";
import {
  LAMBDA_PERCENTILE_QUERY,
  LAMBDA_STANDARD_QUERIES,
  lambdaMetricQueries,
  wholeWindowPeriod,
} from "../metric-queries.js";
import {
  checkWindowOrder,
  DEFAULT_SINCE,
  envelopeWindow,
  parseWindowBound,
  resolveRunWindow,
  SINCE_HELP,
  UNTIL_HELP,
  windowFlags,
  type ResolvedWindow,
} from "../window.js";
import { emit } from "./emit.js";
import { emitRaw, emitRecords } from "./emit-records.js";
import { action, group, parseLocal, subcommand } from "./command.js";
import { commaList } from "./option-schemas.js";
import { byRegionThen } from "../normalize/order.js";

/** The whole inventory, redacted inside the fetch so no value ever reaches the cache. */
export const functionsSpec: FetchSpec<CachedFunction> = {
  script: "lambda",
  resource: "functions",
  fetch: async (provider, region, onPage) => {
    const { listFunctions } = await import("../aws/lambda.js");
    return (await listFunctions(provider, region, onPage)).map(redactFunction);
  },
};

/** Every function of every region of the run, normalized and sorted; `--runtime` applied locally. */
export async function collectFunctions(
  run: Run,
  filter: { runtimes?: readonly string[] | undefined } = {},
): Promise<LambdaFunctionRecord[]> {
  const results = await run.fetchAllRegions(functionsSpec);
  return results
    .flatMap((r) => r.items.map((item) => normalizeFunction(item, r.account, r.region)))
    .filter((record) => matchesRuntime(record, filter.runtimes))
    .sort(byRegionThen((record) => record.functionName));
}

/** A percentile call that failed, recorded the way GetMetricData itself reports a failed query. */
function failedResult(query: MetricDataQuery, error: AwsApiError): CachedMetricDataResult {
  return {
    Id: query.Id,
    Label: query.Label,
    Timestamps: [],
    Values: [],
    StatusCode: "InternalError",
    Messages: [{ Code: errorName(error.cause), Value: error.message }],
  };
}

/**
 * GetMetricData for these functions over the window, one period spanning it. The standard
 * statistics go first; p99 follows in calls of its own, and a call that fails with an API
 * error becomes failed results (cached like the rest), so every other field survives.
 */
export function lambdaMetricsSpec(
  functionNames: readonly string[],
  options: { since: string; until?: string | undefined; window: ResolvedWindow },
): FetchSpec<CachedMetricDataResult> {
  const names = [...new Set(functionNames)].sort();
  const { window } = options;
  const period = wholeWindowPeriod(window.endMs - window.startMs, window.startAgeMs);
  return {
    script: "lambda",
    resource: "metrics",
    params: { since: options.since, until: options.until, functions: names },
    window: envelopeWindow(window),
    fetch: async (provider, region, onPage) => {
      const { getMetricData, MAX_QUERIES_PER_CALL } = await import("../aws/cloudwatch.js");
      const range = { startTime: new Date(window.startMs), endTime: new Date(window.endMs) };
      const standard = await getMetricData(
        provider,
        region,
        { queries: lambdaMetricQueries(names, LAMBDA_STANDARD_QUERIES, period), ...range },
        onPage,
      );
      const percentile = lambdaMetricQueries(names, [LAMBDA_PERCENTILE_QUERY], period);
      const p99: CachedMetricDataResult[] = [];
      for (let offset = 0; offset < percentile.length; offset += MAX_QUERIES_PER_CALL) {
        const batch = percentile.slice(offset, offset + MAX_QUERIES_PER_CALL);
        try {
          p99.push(...(await getMetricData(provider, region, { queries: batch, ...range })));
        } catch (error) {
          if (!(error instanceof AwsApiError) || error.kind !== "api") throw error;
          p99.push(...batch.map((query) => failedResult(query, error)));
        }
      }
      return [...standard, ...p99];
    },
  };
}

export interface LambdaMetricsOptions {
  /** `--since`/`--until` as typed, e.g. "1h" (part of the cache key); default DEFAULT_SINCE and now. */
  since?: string | undefined;
  until?: string | undefined;
  /** Only this function (name or ARN). */
  fn?: string | undefined;
}

export interface RegionLambdaMetrics {
  region: string;
  account: string | null;
  functions: CachedFunction[];
  results: CachedMetricDataResult[];
}

/** Per region: the (cached) function list, then the (cached) metrics of the selected functions. */
export async function fetchLambdaMetrics(run: Run, options: LambdaMetricsOptions = {}): Promise<RegionLambdaMetrics[]> {
  const since = parseWindowBound(options.since ?? DEFAULT_SINCE, "--since");
  const until = options.until === undefined ? undefined : parseWindowBound(options.until, "--until");
  const window = resolveRunWindow(run, { since, until });
  const perRegion = await run.perRegion("lambda/metrics", async (region): Promise<RegionLambdaMetrics> => {
    const inventory = await run.cachedResource(functionsSpec, region);
    const functions = inventory.items.filter(
      (f) => options.fn === undefined || f.FunctionName === options.fn || f.FunctionArn === options.fn,
    );
    if (functions.length === 0) return { region, account: inventory.account, functions, results: [] };
    const spec = lambdaMetricsSpec(
      functions.map((f) => f.FunctionName ?? ""),
      { since: since.text, until: until?.text, window },
    );
    const metrics = await run.cachedResource(spec, region);
    return { region, account: metrics.account ?? inventory.account, functions, results: metrics.items };
  });
  if (options.fn !== undefined && run.failures.length === 0 && perRegion.every((r) => r.functions.length === 0)) {
    throw new UsageError(
      `no Lambda function "${options.fn}" in ${(await run.regions()).join(", ")}`,
      "check the name with `awstriage lambda list`, or pass --region",
    );
  }
  return perRegion;
}

export function warnUnavailable(run: Run, region: string, unavailable: readonly UnavailableMetric[]): void {
  if (unavailable.length === 0) return;
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
}

/** `lambda metrics` records for the run, sorted by region and function; warnings go to the log. */
export async function collectLambdaMetrics(
  run: Run,
  options: LambdaMetricsOptions = {},
): Promise<LambdaMetricsRecord[]> {
  const perRegion = await fetchLambdaMetrics(run, options);
  const records: LambdaMetricsRecord[] = [];
  for (const r of perRegion) {
    const outcome = normalizeLambdaMetrics(r.functions, r.results, r.account, r.region);
    warnUnavailable(run, r.region, outcome.unavailable);
    records.push(...outcome.records);
  }
  return records.sort(byRegionThen((record) => record.functionName));
}

export const listOptionsSchema = z.object({ runtime: commaList });

export const metricsOptionsSchema = z
  .object({
    ...windowFlags(),
    function: z.optional(z.string().check(z.trim(), z.minLength(1, "--function needs a function name"))),
  })
  .check(checkWindowOrder);

export function register(program: Command): void {
  const lambda = group(program, "lambda", "Lambda functions and their metrics");
  subcommand(lambda, "list", "list Lambda functions (ListFunctions); environment values are redacted")
    .option("--runtime <runtimes>", "only these runtimes (comma-separated), e.g. python3.12,nodejs20.x")
    .action(
      action(async (globals, local) => {
        const filter = parseLocal(listOptionsSchema, local);
        const run = await Run.create(globals);
        // Redacted again on the way out: the fetch redacts before caching, but a cache file
        // written by anything else (or an older version) must not print a value either.
        if (globals.raw) return emitRaw(run, "lambda list", functionsSpec, redactFunction);
        return emitRecords(
          run,
          "lambda list",
          await collectFunctions(run, { runtimes: filter.runtime }),
          FUNCTION_COLUMNS,
        );
      }),
    );
  subcommand(
    lambda,
    "metrics",
    "invocations, errors, throttles and duration per function over a window (GetMetricData)",
  )
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option("--function <name>", "only this function (name or ARN)")
    .action(
      action(async (globals, local) => {
        const options = parseLocal(metricsOptionsSchema, local);
        const run = await Run.create(globals);
        const query = { since: options.since.text, until: options.until?.text, fn: options.function };
        if (globals.raw) {
          const perRegion = await fetchLambdaMetrics(run, query);
          return emit(run, {
            command: "lambda metrics",
            records: perRegion.flatMap((r) => r.results),
            fallbackAccount: perRegion[0]?.account ?? null,
          });
        }
        return emitRecords(run, "lambda metrics", await collectLambdaMetrics(run, query), LAMBDA_METRICS_COLUMNS);
      }),
    );
}
