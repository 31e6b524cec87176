/**
 * Metric findings get `since`, `peakAt`, `trend` and the `series` judged: per region, one
 * cached GetMetricData entry holds the series of every finding's metrics there. A breach that
 * ended inside the window drops one severity. A region whose series cannot be had (offline
 * with no such entry, a failed call) keeps its findings as they were and says so once.
 */
import type { Invocation } from "../run/invocation.js";
import type { Finding } from "../records/index.js";
import { AwstriageError, isCause } from "../errors/errors.js";
import { sortFindings } from "../rules/severity.js";
import { namespacesOf, type HealthSource } from "../health/catalogue.js";
import { questionsOf } from "../health/questions.js";
import { listedMetricsSpec, RECENTLY_ACTIVE_MS } from "../sources/metric-health.js";
import type { MetricsWindow } from "../sources/lambda.js";
import { judgeOnset, lowered, type Onset, type SeriesPoint } from "./judge.js";
import { breachOf, metricsOf, periodValue, planFor, type Plan } from "./plans.js";
import {
  gridOfAnswer,
  questionKey,
  seriesOf,
  seriesSpec,
  type Grid,
  type SeriesAnswer,
  type SeriesQuestion,
} from "./series.js";

export interface OnsetOptions extends MetricsWindow {
  /** The catalogue's sources of this run, to find the dimensions ListMetrics gave (a cache hit). */
  healthSources: ReadonlySet<HealthSource>;
}

type Parts = (finding: Finding, metricName: string, stat: string) => SeriesQuestion[];

/** The questions behind a finding's metric: Lambda's by name, the catalogue's as ListMetrics listed them. */
async function partsResolver(
  run: Invocation,
  region: string,
  options: OnsetOptions,
  catalogue: boolean,
): Promise<Parts> {
  const namespaces = namespacesOf(options.healthSources);
  const listed =
    catalogue && namespaces.length > 0
      ? questionsOf(
          (
            await run.cachedResource(
              listedMetricsSpec(namespaces, run.now - options.window.startMs <= RECENTLY_ACTIVE_MS),
              region,
            )
          ).items,
        )
      : [];
  return (finding, metricName, stat) => {
    if (finding.resourceType === "lambda:function")
      return [{ namespace: "AWS/Lambda", metricName, stat, dimensions: { FunctionName: finding.resourceId } }];
    if (finding.resourceType === "lambda:account")
      return [{ namespace: "AWS/Lambda", metricName, stat, dimensions: {} }];
    return listed
      .filter(
        (q) =>
          q.resourceType === finding.resourceType &&
          q.resourceId === finding.resourceId &&
          q.metricName === metricName &&
          q.stat === stat,
      )
      .map(({ namespace, dimensions }) => ({ namespace, metricName, stat, dimensions }));
  };
}

/** The series a plan judges, period by period, from the answers of its questions. */
function judgedSeries(
  plan: Plan,
  asked: ReadonlyArray<{ metricName: string; parts: SeriesQuestion[] }>,
  answers: ReadonlyMap<string, SeriesAnswer>,
  grid: Grid,
): SeriesPoint[] | undefined {
  const seriesFor = (metricName: string, stat: string) => {
    const parts = asked.find((a) => a.metricName === metricName)?.parts ?? [];
    const found = parts.flatMap((p) => answers.get(questionKey(p)) ?? []);
    return found.length === 0 ? undefined : seriesOf(found, stat, grid);
  };
  const stat = plan.kind === "rate" ? "Sum" : plan.stat;
  // HTTP APIs spell 5XXError `5xx`: the first of the alternatives that has data.
  const errors = plan.metrics.map((m) => seriesFor(m, stat)).find((s) => s !== undefined);
  const totals = plan.kind === "rate" ? seriesFor(plan.total, "Sum") : undefined;
  const base = errors ?? totals;
  if (base === undefined || (plan.kind === "rate" && totals === undefined)) return undefined;
  return base.map((p, i) => ({
    at: p.at,
    value: periodValue(plan, errors?.[i]?.value ?? null, totals?.[i]?.value ?? null),
  }));
}

export async function withOnsets(
  run: Invocation,
  findings: readonly Finding[],
  options: OnsetOptions,
): Promise<Finding[]> {
  const planned = findings.flatMap((finding) => {
    const plan = planFor(finding);
    return plan === undefined ? [] : [{ finding, plan }];
  });
  if (planned.length === 0) return [...findings];
  const onsets = new Map<Finding, Onset & { series: SeriesPoint[] }>();
  for (const region of [...new Set(planned.map((p) => p.finding.region))]) {
    const here = planned.filter((p) => p.finding.region === region);
    try {
      const catalogue = here.some((p) => !p.finding.resourceType.startsWith("lambda:"));
      const parts = await partsResolver(run, region, options, catalogue);
      const asked = here.map(({ finding, plan }) => ({
        finding,
        plan,
        metrics: metricsOf(plan).map((m) => ({
          metricName: m.metricName,
          parts: parts(finding, m.metricName, m.stat),
        })),
      }));
      const questions = asked.flatMap((a) => a.metrics.flatMap((m) => m.parts));
      if (questions.length === 0) continue;
      const result = await run.cachedResource(seriesSpec(questions, options, options.window), region);
      const answers = new Map(result.items.map((a) => [questionKey(a), a]));
      const asked0 = result.items[0];
      if (asked0 === undefined) continue;
      const grid = gridOfAnswer(asked0);
      for (const { finding, plan, metrics } of asked) {
        const series = judgedSeries(plan, metrics, answers, grid);
        if (series === undefined) continue;
        const worse = plan.kind === "stopped" ? "lower" : "higher";
        const onset = judgeOnset({ series, breached: breachOf(plan), worse, lastIsPartial: grid.lastIsPartial });
        onsets.set(finding, { ...onset, series });
      }
    } catch (error) {
      if (!(error instanceof AwstriageError)) throw error;
      // A cache written before series existed: the findings stand, without their times.
      const say = isCause(error, "OfflineMiss") ? run.log.info.bind(run.log) : run.log.warn.bind(run.log);
      say({ region }, `metric series unavailable in ${region} (${error.message}); findings there have no since/trend`);
    }
  }
  return sortFindings(
    findings.map((f) => {
      const onset = onsets.get(f);
      if (onset === undefined) return f;
      const severity = onset.trend === "ended" ? lowered(f.severity) : f.severity;
      return { ...f, severity, since: onset.since, peakAt: onset.peakAt, trend: onset.trend, series: onset.series };
    }),
  );
}
