/**
 * Onset, peak and trend of one breach, read from the series a rule judged (pure). The rules
 * judge aggregates over the window; this says since when, how bad at worst, and which way it
 * is going, from the same metric at a finer period.
 */
import { SEVERITIES, type Severity } from "../records/index.js";

export const TRENDS = ["rising", "steady", "recovering", "ended"] as const;
export type Trend = (typeof TRENDS)[number];

/** One period of a series: its start (ISO) and value; null where CloudWatch had no datapoint. */
export interface SeriesPoint {
  at: string;
  value: number | null;
}

export interface Onset {
  /** Start of the breach still going on, or the first breaching period when it has ended. */
  since: string | null;
  peakAt: string | null;
  trend: Trend;
}

export interface Judged {
  series: readonly SeriesPoint[];
  breached(value: number): boolean;
  /** Which way is worse: most metrics are bad high, a request count that stopped is bad low. */
  worse: "higher" | "lower";
  /** The last period is still filling (the window ends inside it): left out of the trend. */
  lastIsPartial: boolean;
}

/**
 * How many quiet periods end a breach: the last quarter of the window, at least three periods
 * (so that CloudWatch's last minute or two, not yet published, never ends one).
 */
export const quietPeriods = (length: number) => Math.max(3, Math.ceil(length / 4));

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function judgeOnset({ series, breached, worse, lastIsPartial }: Judged): Onset {
  const sign = worse === "higher" ? 1 : -1;
  let peak: number | undefined;
  series.forEach((p, i) => {
    if (p.value === null) return;
    const best = peak === undefined ? undefined : series[peak]?.value;
    if (best === undefined || best === null || sign * p.value > sign * best) peak = i;
  });
  const peakAt = peak === undefined ? null : (series[peak]?.at ?? null);
  const breaching = series.flatMap((p, i) => (p.value !== null && breached(p.value) ? [i] : []));
  const last = breaching.at(-1);
  if (last === undefined) return { since: null, peakAt, trend: "steady" };
  const quiet = quietPeriods(series.length);
  if (series.length - 1 - last >= quiet)
    return { since: series[breaching[0] as number]?.at ?? null, peakAt, trend: "ended" };
  // The episode still going on: back from the last breaching period over gaps shorter than `quiet`.
  let start = last;
  for (let k = breaching.length - 2; k >= 0 && start - (breaching[k] as number) <= quiet; k--)
    start = breaching[k] as number;
  const end = lastIsPartial && series.length - 1 > start ? series.length - 1 : series.length;
  const values = series.slice(start, end).flatMap((p) => (p.value === null ? [] : [sign * p.value]));
  return { since: series[start]?.at ?? null, peakAt, trend: trendOf(values) };
}

/** The latest quarter of the episode against the rest of it: a quarter more is rising, a quarter less recovering. */
function trendOf(values: readonly number[]): Trend {
  if (values.length < 3) return "rising";
  const recent = Math.max(1, Math.ceil(values.length / 4));
  const now = mean(values.slice(-recent));
  const before = mean(values.slice(0, -recent));
  const margin = Math.abs(before) * 0.25;
  if (now > before + margin) return "rising";
  if (now < before - margin) return "recovering";
  return "steady";
}

/** A breach that ended inside the window is reported one severity lower (info stays info). */
export function lowered(severity: Severity): Severity {
  const i = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)] as Severity;
}
