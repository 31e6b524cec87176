/**
 * `logs tail --follow`: poll FilterLogEvents with a moving start time and print each event once.
 *
 * Each poll starts OVERLAP_MS before the previous poll began, so an event that reached
 * CloudWatch after its own timestamp is still found: the lag bound is OVERLAP_MS, i.e. an
 * event stamped up to 60 s behind the local clock when it arrives (ingestion lag, a clock
 * ahead of AWS's, a producer with a slow clock) is printed, once; the overlap brings events back,
 * so every event is remembered by id until its timestamp falls before the next start time
 * (memory is bounded by the events of one overlap). A quiet group is polled less often (1 s,
 * doubling up to 10 s); a poll that finds events resets the pace. A poll that AWS throttled
 * even after the SDK's adaptive retries is not retried here: the next poll comes after the
 * longest pause, through the same client and its adaptive rate limiter, so following stays
 * within the retry budget instead of adding to the load. Any other failure ends the follow.
 */
import type { FilteredLogEvent } from "../aws/logs.js";
import { AwsApiError } from "../errors/errors.js";
import { compareRawLogEvents } from "../normalize/logs.js";

export const POLL_MIN_MS = 1_000;
export const POLL_MAX_MS = 10_000;
/** The lag bound: events up to this far behind the local clock are still found (see above). */
export const OVERLAP_MS = 60_000;

export interface FollowDeps {
  /** Every event from `startTime` on (no end), all pages; aborted with `signal`. */
  poll(startTime: number, signal: AbortSignal): Promise<FilteredLogEvent[]>;
  /** Prints one event, whole, and resolves once it is written. */
  print(event: FilteredLogEvent): Promise<void>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  onThrottled(error: AwsApiError, pauseMs: number): void;
}

export interface FollowStats {
  polls: number;
  printed: number;
  /** Events a poll returned again (overlapping start times) and that were not printed twice. */
  duplicates: number;
}

/** Identity of an event across polls: its eventId (always set by AWS), else what it is made of. */
function eventKey(event: FilteredLogEvent): string {
  return event.eventId ?? `${event.logStreamName}\u0000${event.timestamp}\u0000${event.message}`;
}

/** Polls from `startTime` until `signal` is aborted; never prints an event twice. */
export async function follow(deps: FollowDeps, startTime: number, signal: AbortSignal): Promise<FollowStats> {
  const stats: FollowStats = { polls: 0, printed: 0, duplicates: 0 };
  const seen = new Map<string, number>();
  let from = startTime;
  let pause = POLL_MIN_MS;
  while (!signal.aborted) {
    const began = deps.now();
    let events: FilteredLogEvent[];
    try {
      events = await deps.poll(from, signal);
    } catch (error) {
      if (signal.aborted) break;
      if (!(error instanceof AwsApiError) || error.kind !== "throttled") throw error;
      pause = POLL_MAX_MS;
      deps.onThrottled(error, pause);
      await deps.sleep(pause, signal);
      continue;
    }
    stats.polls++;
    let fresh = 0;
    for (const event of [...events].sort(compareRawLogEvents)) {
      if (signal.aborted) break;
      const key = eventKey(event);
      if (seen.has(key)) {
        stats.duplicates++;
        continue;
      }
      seen.set(key, event.timestamp ?? 0);
      await deps.print(event);
      stats.printed++;
      fresh++;
    }
    from = Math.max(startTime, began - OVERLAP_MS);
    for (const [key, timestamp] of seen) if (timestamp < from) seen.delete(key);
    pause = fresh > 0 ? POLL_MIN_MS : Math.min(pause * 2, POLL_MAX_MS);
    await deps.sleep(pause, signal);
  }
  return stats;
}

/** setTimeout that ends early when `signal` is aborted. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
