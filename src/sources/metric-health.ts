/**
 * The metric catalogue's data (health/catalogue.ts): per region, ListMetrics per namespace
 * (cached like any resource), then every question of the region in as few GetMetricData
 * calls as the API allows (cached per question set, like `lambda metrics`). Percentiles go
 * in calls of their own; one that fails leaves its answers unanswered, and only the rule that
 * reads them is skipped.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import { getMetricDataIsolatingPercentiles } from "../metrics/isolated-percentiles.js";
import type { MetricValueRecord } from "../records/index.js";
import type { Batch } from "../rules/types.js";
import { wholeWindowPeriod } from "../metrics/metric-queries.js";
import { envelopeWindow } from "../time/window.js";
import { completenessOf, markOf, partialWarning } from "../metrics/completeness.js";
import type { MetricsWindow } from "./lambda.js";
import { kindOf, namespacesOf, RESOURCE_KINDS, type HealthSource } from "../health/catalogue.js";
import {
  answersOf,
  capQuestions,
  combine,
  metricQueries,
  questionsOf,
  type ListedMetric,
  type MetricAnswer,
  type Question,
} from "../health/questions.js";

/** GetMetricData is billed per metric asked; a run asks at most this many per region unless told otherwise. */
export const DEFAULT_MAX_METRICS = 2000;
export const RECENTLY_ACTIVE_MS = 3 * 3_600_000;

/**
 * The metrics of the namespaces asked for, each listed to its last page, as one cache entry
 * per region; `recentlyActive` when the window lies within the last three hours.
 */
export function listedMetricsSpec(namespaces: readonly string[], recentlyActive: boolean): FetchSpec<ListedMetric> {
  return {
    script: "cloudwatch",
    resource: "metric-list",
    params: { namespaces, ...(recentlyActive ? { recentlyActive: "PT3H" } : {}) },
    fetch: async (provider, region, onPage) => {
      const { listMetrics } = await import("../aws/cloudwatch.js");
      const listed: ListedMetric[] = [];
      for (const namespace of namespaces) {
        const before = listed.length;
        listed.push(...(await listMetrics(provider, region, { namespace, recentlyActive }, (n) => onPage(before + n))));
      }
      return listed;
    },
  };
}

/** Both windows of every question as one range: the window before the run's, then the run's. */
function rangeOf({ window }: MetricsWindow) {
  const periodSeconds = wholeWindowPeriod(window.endMs - window.startMs, window.startAgeMs * 2);
  const endMs = window.endMs;
  return { periodSeconds, startMs: endMs - 2 * periodSeconds * 1000, endMs };
}

export function metricAnswersSpec(questions: readonly Question[], options: MetricsWindow): FetchSpec<MetricAnswer> {
  const range = rangeOf(options);
  return {
    script: "cloudwatch",
    resource: "metric-health",
    params: {
      since: options.since,
      until: options.until,
      questions: questions.map((q) => [q.namespace, q.metricName, q.dimensions, q.stat]),
    },
    window: envelopeWindow(options.window),
    fetch: async (provider, region, onPage) => {
      const queries = metricQueries(questions, range.periodSeconds);
      const time = { startTime: new Date(range.startMs), endTime: new Date(range.endMs) };
      const results = await getMetricDataIsolatingPercentiles(provider, region, queries, time, onPage);
      return answersOf(questions, results, range.startMs, range.periodSeconds);
    },
  };
}

export interface HealthOptions extends MetricsWindow {
  sources: ReadonlySet<HealthSource>;
  maxMetrics: number;
  onMetricsQueried?: ((region: string, metrics: number) => void) | undefined;
}

/** One region's answers, with how many metrics were asked and what the cap left out. */
export interface RegionHealth {
  region: string;
  observedAt: string;
  records: MetricValueRecord[];
  queried: number;
  leftOut: { resources: string[]; metrics: number };
}

export async function regionHealth(
  run: Invocation,
  region: string,
  options: HealthOptions,
): Promise<RegionHealth | undefined> {
  const namespaces = namespacesOf(options.sources);
  if (namespaces.length === 0) return undefined;
  const recentlyActive = run.now - options.window.startMs <= RECENTLY_ACTIVE_MS;
  const listed = (await run.cachedResource(listedMetricsSpec(namespaces, recentlyActive), region)).items;
  const { asked, leftOut } = capQuestions(questionsOf(listed), options.maxMetrics);
  if (asked.length === 0)
    return { region, observedAt: new Date(run.now).toISOString(), records: [], queried: 0, leftOut };
  const answers = await run.cachedResource(metricAnswersSpec(asked, options), region);
  return {
    region,
    observedAt: answers.source.fetchedAt,
    records: metricValueRecords(answers.items, answers.account, region),
    queried: asked.length,
    leftOut,
  };
}

/** Answers → one record per resource, metric and statistic; DynamoDB's per-Operation metrics combined. */
export function metricValueRecords(
  answers: readonly MetricAnswer[],
  account: string | null,
  region: string,
): MetricValueRecord[] {
  const groups = new Map<string, MetricAnswer[]>();
  for (const a of answers) {
    const key = JSON.stringify([a.resourceType, a.resourceId, a.metricName, a.stat]);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map((parts) => {
    const first = parts[0] as MetricAnswer;
    const kind =
      kindOf(first.namespace, first.metricName, Object.keys(first.dimensions)) ??
      (RESOURCE_KINDS[0] as (typeof RESOURCE_KINDS)[number]);
    const dimensions = Object.fromEntries(kind.idDimensions.map((d) => [d, first.dimensions[d] ?? ""]));
    const answered = parts.every(
      (p) => p.status !== "InternalError" && p.status !== "Forbidden" && p.status !== "Missing",
    );
    const values = (pick: (a: MetricAnswer) => number | null) => parts.map(pick).filter((v): v is number => v !== null);
    const reasons = parts.flatMap((p) => {
      const c = completenessOf({ StatusCode: p.status, Messages: p.message === null ? [] : [{ Value: p.message }] });
      return c.kind === "partial" ? [`${p.metricName} ${p.stat}: ${c.reason}`] : [];
    });
    return {
      account,
      region,
      namespace: first.namespace,
      resourceType: first.resourceType,
      resourceId: first.resourceId,
      arn: kind.arn(
        kind.idDimensions.map((d) => first.dimensions[d] ?? ""),
        region,
        account,
      ),
      dimensions,
      metricName: first.metricName,
      stat: first.stat,
      value: answered
        ? combine(
            first.stat,
            values((a) => a.value),
          )
        : null,
      previous: answered
        ? combine(
            first.stat,
            values((a) => a.previous),
          )
        : null,
      answered,
      ...markOf(reasons),
    };
  });
}

/** What the metric rules read, a batch per region; the cap and the metric counts are reported to the run. */
export async function metricHealthBatches(
  run: Invocation,
  options: HealthOptions,
): Promise<{ batches: Batch<MetricValueRecord>[]; regions: RegionHealth[] }> {
  const regions = (
    await run.perRegion("cloudwatch/metric-health", (region) => regionHealth(run, region, options))
  ).filter((r): r is RegionHealth => r !== undefined);
  for (const r of regions) {
    options.onMetricsQueried?.(r.region, r.queried);
    report(run, r, options.maxMetrics);
  }
  return { batches: regions.map((r) => ({ observedAt: r.observedAt, records: r.records })), regions };
}

/** What the cap left out (recorded under `failures`, exit code unchanged) and which answers are missing. */
function report(run: Invocation, r: RegionHealth, maxMetrics: number): void {
  const { resources, metrics } = r.leftOut;
  if (metrics > 0) {
    const named = resources.slice(0, 5).join(", ") + (resources.length > 5 ? ", ..." : "");
    run.recordFailure({
      region: r.region,
      resource: "cloudwatch/metric-health",
      reason: `--max-metrics ${maxMetrics}: ${metrics} metric(s) of ${resources.length} resource(s) left out (${named}); raise --max-metrics to include them`,
      exitCode: 0,
    });
  }
  const partial = r.records.filter((record) => record.partial);
  if (partial.length > 0)
    run.log.warn(
      { region: r.region },
      partialWarning(
        r.region,
        partial.map((p) => `${p.resourceId} ${p.metricName} ${p.stat}`),
        "values",
      ),
    );
  const unanswered = r.records.filter((record) => !record.answered);
  if (unanswered.length === 0) return;
  const which = [...new Set(unanswered.map((u) => `${u.metricName} ${u.stat}`))].join(", ");
  run.log.warn(
    { region: r.region },
    `CloudWatch could not answer ${which} for ${unanswered.length} resource(s) in ${r.region}; the rules reading it are skipped there, every other finding stands`,
  );
}
