/**
 * `triage --watch`: triage again every interval and say what changed. Each tick is one
 * ordinary triage (the cache policy decides what is refetched, windows that end now slide with
 * the clock), so a tick costs what `triage` costs with a warm cache: only expired entries are
 * asked again. The loop itself keeps only the findings open now (watch-events.ts), so its memory
 * does not grow with the hours it runs.
 *
 * A tick that fails is said once and the watch goes on: credentials are renewed by the session's
 * provider on the next call, an endpoint comes back. A tick that AWS throttled (even after the
 * SDK's adaptive retries) doubles the pause before the next one, up to MAX_BACKOFF times the
 * interval, and a good tick brings the pace back.
 */
import { AwsApiError, AwstriageError } from "../errors/errors.js";
import type { Finding } from "../records/index.js";
import { emptyWatchState, nextWatchState, type WatchEvent, type WatchState } from "./watch-events.js";

/** The longest pause after throttled ticks, in intervals. */
export const MAX_BACKOFF = 8;

export interface TickResult {
  findings: Finding[];
  /** Some source or region failed: the findings are what the rest gave. */
  incomplete: boolean;
  /** AWS throttled some call of this tick even after retries. */
  throttled: boolean;
}

export interface WatchDeps {
  /** One triage, aborted with `signal`. */
  tick(signal: AbortSignal): Promise<TickResult>;
  /** Shows one tick's events (and, on a terminal, the whole state). */
  show(events: WatchEvent[], state: WatchState, info: WatchTickInfo): Promise<void>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  /** A tick that failed as a whole; the watch goes on after `pauseMs`. */
  onTickFailed(error: unknown, pauseMs: number): void;
}

export interface WatchTickInfo {
  tick: number;
  at: string;
  incomplete: boolean;
  /** The pause before the next tick. */
  nextInMs: number;
}

export interface WatchStats {
  ticks: number;
  failedTicks: number;
  events: number;
}

function isThrottle(error: unknown): boolean {
  return error instanceof AwsApiError && error.kind === "throttled";
}

/** Ticks until `signal` is aborted (Ctrl-C) or `maxTicks` ticks have run (tests, `--ticks`). */
export async function watch(
  deps: WatchDeps,
  intervalMs: number,
  signal: AbortSignal,
  maxTicks = Number.POSITIVE_INFINITY,
): Promise<WatchStats> {
  const stats: WatchStats = { ticks: 0, failedTicks: 0, events: 0 };
  let state = emptyWatchState();
  let backoff = 1;
  while (!signal.aborted && stats.ticks < maxTicks) {
    stats.ticks += 1;
    let result: TickResult | undefined;
    try {
      result = await deps.tick(signal);
    } catch (error) {
      if (signal.aborted) break;
      // A bug is not a bad tick: it would fail every tick the same way (exit 1, as anywhere).
      if (!(error instanceof AwstriageError)) throw error;
      stats.failedTicks += 1;
      backoff = isThrottle(error) ? Math.min(backoff * 2, MAX_BACKOFF) : 1;
      deps.onTickFailed(error, intervalMs * backoff);
    }
    if (result !== undefined) {
      backoff = result.throttled ? Math.min(backoff * 2, MAX_BACKOFF) : 1;
      const at = new Date(deps.now()).toISOString();
      const next = nextWatchState(state, result.findings, at);
      state = next.state;
      stats.events += next.events.length;
      await deps.show(next.events, state, {
        tick: stats.ticks,
        at,
        incomplete: result.incomplete,
        nextInMs: intervalMs * backoff,
      });
    }
    if (signal.aborted || stats.ticks >= maxTicks) break;
    await deps.sleep(intervalMs * backoff, signal);
  }
  return stats;
}
