/**
 * Time windows for metrics and log searches: `--since D` and `--until D` are durations back
 * from now. The flags are kept as typed for the cache key; the absolute start and end are
 * resolved once per run and go into the request and the cache envelope.
 */
import * as z from "zod/mini";
import { formatAge, parseDuration } from "./duration.js";
import { UsageError } from "./errors.js";
import { rejectInput } from "./options.js";
import type { TimeWindow } from "./cache/store.js";

/** Default look-back of every windowed command (exported so triage can share it). */
export const DEFAULT_SINCE = "1h";

export interface DurationFlag {
  /** As typed (trimmed): part of the cache key. */
  text: string;
  ms: number;
}

export interface ResolvedWindow extends TimeWindow {
  startMs: number;
  endMs: number;
}

function toDurationFlag(text: string, flag: string, ctx: z.core.ParsePayload): DurationFlag {
  try {
    const ms = parseDuration(text, flag);
    return ms === 0 ? rejectInput(ctx, `${flag} must be longer than 0, e.g. ${flag} 15m`) : { text, ms };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return rejectInput(ctx, error.message);
  }
}

/** A duration flag with a default, e.g. `--since` (default DEFAULT_SINCE). */
export const durationFlag = (flag: string, fallback: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((value, ctx) => toDurationFlag((value ?? fallback).trim(), flag, ctx)),
  );

/** A duration flag without a default, e.g. `--until`. */
export const optionalDurationFlag = (flag: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((value, ctx) => (value === undefined ? undefined : toDurationFlag(value.trim(), flag, ctx))),
  );

/**
 * The absolute window from `since` ago to `until` ago (default: now), to the millisecond.
 * A window that ends before it starts is bad input.
 */
export function resolveWindow(since: DurationFlag, until: DurationFlag | undefined, now: number): ResolvedWindow {
  if (since.ms <= 0)
    throw new UsageError(`--since must be longer than 0, got "${since.text}"`, "e.g. --since 15m, 1h or 2d");
  const untilMs = until?.ms ?? 0;
  if (untilMs >= since.ms) {
    throw new UsageError(
      `the window ends before it starts: --until ${until?.text} (${formatAge(untilMs)} ago) is not after --since ${since.text} (${formatAge(since.ms)} ago)`,
      "--until must be a shorter duration than --since, e.g. --since 2h --until 1h",
    );
  }
  const startMs = now - since.ms;
  const endMs = now - untilMs;
  return { startMs, endMs, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

/** The envelope's view of a resolved window. */
export function envelopeWindow(window: ResolvedWindow): TimeWindow {
  return { start: window.start, end: window.end };
}
