/**
 * Lambda: the function inventory (environment values redacted before caching) and, per
 * region, the one inventory → metrics flow that `lambda metrics` and `triage` both read.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec, RegionResult } from "../run/fetch-spec.js";
import { partialFailure } from "../run/fan-out.js";
import { AwstriageError, UsageError } from "../errors/errors.js";
import { getMetricDataIsolatingPercentiles } from "../metrics/isolated-percentiles.js";
import type { Batch } from "../rules/types.js";
import {
  matchesRuntime,
  normalizeFunction,
  normalizeLambdaMetrics,
  redactFunction,
  type CachedFunction,
  type CachedMetricDataResult,
  type LambdaFunctionRecord,
  type LambdaMetricsRecord,
} from "../normalize/lambda.js";
import {
  LAMBDA_PERCENTILE_QUERY,
  LAMBDA_STANDARD_QUERIES,
  lambdaMetricQueries,
  lambdaSeriesQuery,
  wholeWindowPeriod,
} from "../metrics/metric-queries.js";
import { gridOf, queriesPerCall, seriesGridAt, seriesPeriod } from "../onset/series.js";
import {
  DEFAULT_SINCE,
  envelopeWindow,
  parseWindowBound,
  resolveRunWindow,
  type ResolvedWindow,
} from "../time/window.js";
import { byRegionThen } from "../normalize/order.js";
import { collectRecords } from "./collect.js";
import { warnIncomplete } from "./lambda-warnings.js";

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
export function collectFunctions(
  run: Invocation,
  filter: { runtimes?: readonly string[] | undefined } = {},
): Promise<LambdaFunctionRecord[]> {
  return collectRecords(
    run,
    functionsSpec,
    (item, { account, region }) => {
      const record = normalizeFunction(item, account, region);
      return matchesRuntime(record, filter.runtimes) ? record : undefined;
    },
    byRegionThen((record) => record.functionName),
  );
}

/**
 * GetMetricData for these functions over the window, one period spanning it, and beside each
 * function's aggregates its Errors per series period (the table's sparkline) in the same calls.
 * The standard statistics go first; p99 follows in calls of its own (metrics/isolated-percentiles.ts),
 * so a p99 that fails leaves every other field.
 */
export function lambdaMetricsSpec(
  functionNames: readonly string[],
  options: MetricsWindow,
): FetchSpec<CachedMetricDataResult> {
  const names = [...new Set(functionNames)].sort();
  const { window } = options;
  const period = wholeWindowPeriod(window.endMs - window.startMs, window.startAgeMs);
  return {
    script: "lambda",
    resource: "metrics",
    params: { since: options.since, until: options.until, functions: names },
    window: envelopeWindow(window),
    fetch: (provider, region, onPage) => {
      const seriesSeconds = seriesPeriod(window);
      const specs = [...LAMBDA_STANDARD_QUERIES, lambdaSeriesQuery(seriesSeconds), LAMBDA_PERCENTILE_QUERY];
      const queries = lambdaMetricQueries(names, specs, period);
      // Per function, one series and four aggregates (two datapoints at most): the average a query asks.
      const points = Math.ceil((gridOf(window, seriesSeconds).count + 8) / 5);
      const range = {
        startTime: new Date(window.startMs),
        endTime: new Date(window.endMs),
        perCall: queriesPerCall(points),
      };
      return getMetricDataIsolatingPercentiles(provider, region, queries, range, onPage);
    },
  };
}

/** `--since`/`--until` as typed (part of the cache key), and the window they resolved to. */
export interface MetricsWindow {
  since: string;
  until?: string | undefined;
  window: ResolvedWindow;
}

interface FlowQuery extends MetricsWindow {
  /** Only this function (name or ARN). */
  fn?: string | undefined;
  /**
   * How a region whose metrics fail counts: `region` fails the whole region (the metrics are
   * what was asked for); `metrics` records a failure of `lambda/metrics` alone and keeps the
   * inventory, so the findings it gives (deprecated runtimes) survive.
   */
  failing: "region" | "metrics";
}

/** One region of the flow: its inventory, the functions selected, and their metrics (if fetched). */
export interface RegionLambda {
  region: string;
  /** The window as typed, so the series grid is read at the metrics' own fetch time. */
  query: MetricsWindow;
  inventory: RegionResult<CachedFunction>;
  functions: CachedFunction[];
  metrics: RegionResult<CachedMetricDataResult> | undefined;
}

/** The one flow, per region: the (cached) function list, then the (cached) metrics of the selected functions. */
function inventoryThenMetrics(run: Invocation, query: FlowQuery): Promise<RegionLambda[]> {
  const label = query.failing === "region" ? "lambda/metrics" : "lambda/functions";
  return run.perRegion(label, async (region): Promise<RegionLambda> => {
    const inventory = await run.cachedResource(functionsSpec, region);
    const functions = inventory.items.filter(
      (f) => query.fn === undefined || f.FunctionName === query.fn || f.FunctionArn === query.fn,
    );
    const result = { region, query, inventory, functions, metrics: undefined };
    if (functions.length === 0) return result;
    const names = functions.map((f) => f.FunctionName ?? "");
    try {
      return { ...result, metrics: await run.cachedResource(lambdaMetricsSpec(names, query), region) };
    } catch (error) {
      if (query.failing === "region" || !(error instanceof AwstriageError)) throw error;
      run.recordFailure(partialFailure(region, "lambda/metrics", error));
      return result;
    }
  });
}

const triageFlows = new WeakMap<Invocation, Map<string, Promise<RegionLambda[]>>>();

/**
 * Triage's flow, once per run and window: the Lambda source and the log evidence (which reads
 * the functions with errors) gather at the same time and share it, so nothing is fetched twice.
 */
export function triageLambdaFlow(run: Invocation, metricsWindow: MetricsWindow): Promise<RegionLambda[]> {
  const flows = triageFlows.get(run) ?? new Map<string, Promise<RegionLambda[]>>();
  triageFlows.set(run, flows);
  const key = JSON.stringify([metricsWindow.since, metricsWindow.until]);
  const flow = flows.get(key) ?? inventoryThenMetrics(run, { ...metricsWindow, failing: "metrics" });
  flows.set(key, flow);
  return flow;
}

export interface LambdaMetricsOptions {
  /** `--since`/`--until` as typed, e.g. "1h" (part of the cache key); default DEFAULT_SINCE and now. */
  since?: string | undefined;
  until?: string | undefined;
  /** Only this function (name or ARN). */
  fn?: string | undefined;
}

/** `lambda metrics`: the flow over the run's regions; a `--function` found nowhere is bad input. */
export async function fetchLambdaMetrics(run: Invocation, options: LambdaMetricsOptions = {}): Promise<RegionLambda[]> {
  const since = parseWindowBound(options.since ?? DEFAULT_SINCE, "--since");
  const until = options.until === undefined ? undefined : parseWindowBound(options.until, "--until");
  const window = resolveRunWindow(run, { since, until });
  const perRegion = await inventoryThenMetrics(run, {
    since: since.text,
    until: until?.text,
    window,
    fn: options.fn,
    failing: "region",
  });
  if (options.fn !== undefined && run.failures.length === 0 && perRegion.every((r) => r.functions.length === 0)) {
    throw new UsageError(
      `no Lambda function "${options.fn}" in ${(await run.regions()).join(", ")}`,
      "check the name with `awstriage lambda list`, or pass --region",
    );
  }
  return perRegion;
}

/** One region's metrics records; what GetMetricData could not answer (or answered in part) is a warning. */
export function regionMetricsRecords(run: Invocation, r: RegionLambda): LambdaMetricsRecord[] {
  if (r.metrics === undefined) return [];
  const outcome = normalizeLambdaMetrics(
    r.functions,
    r.metrics.items,
    r.metrics.account ?? r.inventory.account,
    r.region,
    seriesGridAt(r.query, r.metrics.source.fetchedAt),
  );
  warnIncomplete(run, r.region, outcome);
  return outcome.records;
}

/** `lambda metrics` records for the run, sorted by region and function; warnings go to the log. */
export async function collectLambdaMetrics(
  run: Invocation,
  options: LambdaMetricsOptions = {},
): Promise<LambdaMetricsRecord[]> {
  const perRegion = await fetchLambdaMetrics(run, options);
  return perRegion.flatMap((r) => regionMetricsRecords(run, r)).sort(byRegionThen((record) => record.functionName));
}

/** What the Lambda rules read: the inventory and, separately, the metrics, a batch per region each. */
export async function lambdaBatches(
  run: Invocation,
  metricsWindow: MetricsWindow,
): Promise<{ functions: Batch<LambdaFunctionRecord>[]; metrics: Batch<LambdaMetricsRecord>[] }> {
  const perRegion = await triageLambdaFlow(run, metricsWindow);
  return {
    functions: perRegion.map((r) => ({
      observedAt: r.inventory.source.fetchedAt,
      records: r.inventory.items.map((f) => normalizeFunction(f, r.inventory.account, r.region)),
      region: r.region,
      account: r.inventory.account,
    })),
    metrics: perRegion.flatMap((r) =>
      r.metrics === undefined
        ? []
        : [
            {
              observedAt: r.metrics.source.fetchedAt,
              records: regionMetricsRecords(run, r),
              region: r.region,
              account: r.metrics.account ?? r.inventory.account,
            },
          ],
    ),
  };
}
