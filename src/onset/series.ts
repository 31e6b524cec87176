/**
 * The series behind metric findings: the metrics a finding judged, asked of GetMetricData at
 * a period that fits the window (1 minute up to 3 hours, 5 minutes up to a day, an hour up to
 * 15 days, a day beyond), one cache entry per region. Calls hold at most 500 queries and at
 * most 100,800 datapoints (GetMetricData's limits), so a long series splits into more calls;
 * percentiles go in calls of their own (metrics/isolated-percentiles.ts).
 */
import type { FetchSpec } from "../run/fetch-spec.js";
import { coarsestRetainedPeriod, toDimensions } from "../metrics/metric-queries.js";
import { combine, metricQueries } from "../health/questions.js";
import { envelopeWindow, parseWindowBound, resolveWindow, type ResolvedWindow } from "../time/window.js";
import type { SeriesPoint } from "./judge.js";

/** One metric of one resource (one part of it, for DynamoDB's per-Operation metrics). */
export interface SeriesQuestion {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
}

/** The cached answer to one question, with the grid it was asked on (a cache read later has its own clock). */
export interface SeriesAnswer extends SeriesQuestion {
  /** The first period's start and the window's end (ISO), and the period in seconds. */
  from: string;
  to: string;
  period: number;
  timestamps: string[];
  values: number[];
  status: string;
}

export const MAX_DATAPOINTS_PER_CALL = 100_800;
const MAX_QUERIES = 500;
const HOUR_MS = 3_600_000;

/** The period of a window's series, never finer than the data CloudWatch still keeps at its start. */
export function seriesPeriod(window: Pick<ResolvedWindow, "startMs" | "endMs" | "startAgeMs">): number {
  const length = window.endMs - window.startMs;
  const fits = length <= 3 * HOUR_MS ? 60 : length <= 24 * HOUR_MS ? 300 : length <= 15 * 24 * HOUR_MS ? 3_600 : 86_400;
  return Math.max(fits, coarsestRetainedPeriod(window.startAgeMs));
}

export interface Grid {
  first: number;
  step: number;
  count: number;
  lastIsPartial: boolean;
}

/** The periods of the window: from its start rounded down to the period, to its end. */
export function gridOf(window: Pick<ResolvedWindow, "startMs" | "endMs">, periodSeconds: number): Grid {
  const step = periodSeconds * 1000;
  const first = Math.floor(window.startMs / step) * step;
  const count = Math.max(1, Math.ceil((window.endMs - first) / step));
  return { first, step, count, lastIsPartial: first + count * step > window.endMs };
}

/** Queries per call: 500, or fewer when each asks for more than 201 datapoints. */
export const queriesPerCall = (points: number) =>
  Math.max(1, Math.min(MAX_QUERIES, Math.floor(MAX_DATAPOINTS_PER_CALL / Math.max(1, points))));

export const questionKey = (q: SeriesQuestion) =>
  JSON.stringify([q.namespace, q.metricName, toDimensions(q.dimensions), q.stat]);

export function seriesSpec(
  questions: readonly SeriesQuestion[],
  flags: { since: string; until?: string | undefined },
  window: ResolvedWindow,
): FetchSpec<SeriesAnswer> {
  const periodSeconds = seriesPeriod(window);
  const grid = gridOf(window, periodSeconds);
  const asked = [...new Map(questions.map((q) => [questionKey(q), q])).values()].sort((a, b) =>
    questionKey(a) < questionKey(b) ? -1 : 1,
  );
  return {
    script: "cloudwatch",
    resource: "metric-series",
    params: { since: flags.since, until: flags.until, period: periodSeconds, questions: asked.map(questionKey) },
    window: envelopeWindow(window),
    fetch: async (provider, region, onPage) => {
      const { getMetricDataIsolatingPercentiles } = await import("../metrics/isolated-percentiles.js");
      const range = { startTime: new Date(grid.first), endTime: new Date(window.endMs) };
      const asOf = { from: range.startTime.toISOString(), to: range.endTime.toISOString(), period: periodSeconds };
      const results = await getMetricDataIsolatingPercentiles(
        provider,
        region,
        metricQueries(asked, periodSeconds),
        { ...range, perCall: queriesPerCall(grid.count) },
        onPage,
      );
      const byId = new Map(results.map((r) => [r.Id, r]));
      return asked.map((q, i): SeriesAnswer => {
        const r = byId.get(`q${i}`);
        return {
          ...q,
          ...asOf,
          timestamps: (r?.Timestamps ?? []).map((t) => new Date(t).toISOString()),
          values: [...(r?.Values ?? [])],
          status: r?.StatusCode ?? "Missing",
        };
      });
    },
  };
}

/**
 * One metric's series over the grid: its parts' datapoints combined per period the way the
 * statistic does; a period with no datapoint is 0 for a Sum (nothing was counted), else null.
 */
export function seriesOf(
  parts: ReadonlyArray<Pick<SeriesAnswer, "timestamps" | "values" | "status">>,
  stat: string,
  grid: Grid,
): SeriesPoint[] | undefined {
  if (parts.length === 0 || parts.some((p) => p.status !== "Complete" && p.status !== "PartialData")) return undefined;
  const buckets: number[][] = Array.from({ length: grid.count }, () => []);
  for (const part of parts)
    part.timestamps.forEach((t, j) => {
      const i = Math.floor((Date.parse(t) - grid.first) / grid.step);
      const value = part.values[j];
      if (i >= 0 && i < grid.count && value !== undefined) buckets[i]?.push(value);
    });
  return buckets.map((values, i) => ({
    at: new Date(grid.first + i * grid.step).toISOString(),
    value: combine(stat, values) ?? (stat === "Sum" ? 0 : null),
  }));
}

/**
 * The series grid of `lambda metrics`' window as it was when its metrics were fetched (a cache
 * entry read later, or offline, keeps its own periods): `--since`/`--until` resolved at `fetchedAt`.
 */
export function seriesGridAt(query: { since: string; until?: string | undefined }, fetchedAt: string): Grid {
  const since = parseWindowBound(query.since, "--since");
  const until = query.until === undefined ? undefined : parseWindowBound(query.until, "--until");
  const window = resolveWindow(since, until, Date.parse(fetchedAt));
  // Asked from the window's own start (its aggregates cover exactly the window), which
  // CloudWatch rounds down to the minute (5 minutes, an hour, for older data) and counts
  // the periods from.
  const unit = coarsestRetainedPeriod(window.startAgeMs) * 1000;
  const first = Math.floor(window.startMs / unit) * unit;
  const step = seriesPeriod(window) * 1000;
  const count = Math.max(1, Math.ceil((window.endMs - first) / step));
  return { first, step, count, lastIsPartial: first + count * step > window.endMs };
}

/** The grid an answer was asked on. */
export const gridOfAnswer = (a: Pick<SeriesAnswer, "from" | "to" | "period">): Grid =>
  gridOf({ startMs: Date.parse(a.from), endMs: Date.parse(a.to) }, a.period);
