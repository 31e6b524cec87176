/**
 * The stretch of time the changes are read over (CloudTrail's events, the alarms' history):
 * from one hour before the earliest onset the series can give (its first period starts up to
 * one period before the window) to the window's end, and how a cache key names it.
 */
import type { MetricsWindow } from "../sources/lambda.js";
import { seriesPeriod } from "../onset/series.js";

const HOUR_MS = 3_600_000;

export function changesWindow(options: MetricsWindow) {
  const startMs = options.window.startMs - HOUR_MS - seriesPeriod(options.window) * 1000;
  const { endMs } = options.window;
  return {
    /** What the API is asked for. */
    range: { startTime: new Date(startMs), endTime: new Date(endMs) },
    /** The cache key's part: the window as typed, and the lead before it. */
    params: { since: options.since, until: options.until, lead: "PT1H" },
    /** The envelope's window. */
    window: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() },
  };
}
