/**
 * Time windows for metrics and log searches, one parser for every windowed command.
 * `--since` and `--until` take a duration back from now (`15m`, `1h30m`, `2d12h`) or an
 * absolute time: ISO-8601 with or without a zone (`2026-11-30T08:00:00Z`, `2026-11-30T08:00`,
 * read as UTC) or a date (`2026-11-30`, its midnight UTC). The flags are kept as typed for the
 * cache key; the absolute start and end are resolved once per run and go into the request and
 * the cache envelope.
 */
import * as z from "zod/mini";
import { looksLikeDuration, MAX_DURATION_MS, parseDuration } from "./duration.js";
import { UsageError } from "../errors/errors.js";
import { rejectInput } from "../options/options.js";
import type { TimeWindow } from "../cache/store.js";
import { isoAt } from "./json-dates.js";

/** Default look-back of every windowed command (exported so triage can share it). */
export const DEFAULT_SINCE = "1h";

/** `--help` for the window flags, the same on every windowed command. */
export const SINCE_HELP = `window start: a duration back from now (15m, 1h30m, 2d) or a time, ISO-8601 (2026-11-30T08:00:00Z; without a zone read as UTC) or a date (2026-11-30) (default: ${DEFAULT_SINCE})`;
export const UNTIL_HELP = "window end, in the same forms as --since (default: now)";

export interface DurationFlag {
  /** As typed (trimmed): part of the cache key. */
  text: string;
  ms: number;
}

/** One end of a window as typed: a duration back from now, or a point in time. */
export type WindowBound =
  | { kind: "ago"; text: string; ms: number }
  /** `ms` is epoch milliseconds; `zoneAssumed` when the text named no zone and was read as UTC. */
  | { kind: "at"; text: string; ms: number; zoneAssumed: boolean };

export interface ResolvedWindow extends TimeWindow {
  startMs: number;
  endMs: number;
  /** How long before now the window starts (CloudWatch's retention depends on it). */
  startAgeMs: number;
}

const SINCE_EXAMPLES = "e.g. --since 15m, 1h30m, 2d or 2026-11-30T08:00:00Z";

function toDurationFlag(text: string, flag: string, ctx: z.core.ParsePayload): DurationFlag {
  try {
    const ms = parseDuration(text, flag);
    return ms === 0 ? rejectInput(ctx, `${flag} must be longer than 0, e.g. ${flag} 15m`) : { text, ms };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return rejectInput(ctx, error.message);
  }
}

/** A duration flag with a default, e.g. `--timeout` (default DEFAULT_INSIGHTS_TIMEOUT). */
export const durationFlag = (flag: string, fallback: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((value, ctx) => toDurationFlag((value ?? fallback).trim(), flag, ctx)),
  );

// 2026-11-30, 2026-11-30T08:00, 2026-11-30T08:00:00.123, each time optionally with Z or ±HH:MM.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 time or date as epoch ms, or undefined when the text is not shaped like one. */
function parseIsoTime(text: string, flag: string): { ms: number; zoneAssumed: boolean } | undefined {
  const m = ISO_RE.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((m[7] ?? "0").slice(0, 3).padEnd(3, "0"));
  const zone = m[8];
  const local = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second, millis);
  const back = new Date(local);
  const valid =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === (month as number) - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  let offsetMs = 0;
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (hh > 23 || mm > 59) return invalidTime(text, flag);
    offsetMs = (zone.startsWith("-") ? -1 : 1) * (hh * 3_600_000 + mm * 60_000);
  }
  if (!valid) return invalidTime(text, flag);
  return { ms: local - offsetMs, zoneAssumed: zone === undefined };
}

function invalidTime(text: string, flag: string): never {
  throw new UsageError(`invalid ${flag} "${text}": no such date or time`, "e.g. 2026-11-30T08:00:00Z or 2026-11-30");
}

/** `--since`/`--until` text → a bound; bad input is a UsageError naming the flag. */
export function parseWindowBound(input: string, flag: string): WindowBound {
  const text = input.trim();
  if (!/^\d{4}-/.test(text)) {
    try {
      const ms = parseDuration(text, flag);
      if (ms === 0) throw new UsageError(`${flag} must be longer than 0, e.g. ${flag} 15m`);
      return { kind: "ago", text, ms };
    } catch (error) {
      if (!(error instanceof UsageError) || looksLikeDuration(text)) throw error;
      throw new UsageError(
        `invalid ${flag} "${input}": expected a duration such as 15m, 1h30m or 2d, or a time such as 2026-11-30T08:00:00Z or 2026-11-30`,
        "duration units: ms, s, m, h, d, w, largest first; a time without a zone is read as UTC",
      );
    }
  }
  const at = parseIsoTime(text, flag);
  if (at === undefined) {
    throw new UsageError(
      `invalid ${flag} "${input}": expected an ISO-8601 time such as 2026-11-30T08:00:00Z, 2026-11-30T08:00 or 2026-11-30`,
    );
  }
  return { kind: "at", text, ...at };
}

const boundFlag = (flag: string, fallback?: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((value, ctx): WindowBound | undefined => {
      const text = value ?? fallback;
      if (text === undefined) return undefined;
      try {
        return parseWindowBound(text, flag);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        return rejectInput(ctx, error.message);
      }
    }),
  );

/** `--since` with its default: a duration back from now or a time. */
export const sinceFlag = (fallback = DEFAULT_SINCE) =>
  z.pipe(
    boundFlag("--since", fallback),
    z.transform((bound) => bound as WindowBound),
  );

/** `--until`: absent means now. */
export const untilFlag = () => boundFlag("--until");

/** `--since` and `--until`, for a command's option schema (add `checkWindowOrder` to the object). */
export const windowFlags = () => ({ since: sinceFlag(), until: untilFlag() });

/**
 * The order check that needs no clock (both ends durations, or both times), so that bad input
 * is refused before anything else; `resolveWindow` checks every case against the run's clock.
 */
export const checkWindowOrder = z.superRefine(
  (o: { since: WindowBound; until?: WindowBound | undefined }, ctx: z.core.ParsePayload) => {
    const problem = orderProblem(o.since, o.until);
    if (problem !== undefined) ctx.issues.push({ code: "custom", message: problem, input: o });
  },
);

function orderProblem(since: WindowBound, until: WindowBound | undefined): string | undefined {
  if (until === undefined || since.kind !== until.kind) return undefined;
  if (since.kind === "ago" && until.ms >= since.ms)
    return `the window ends before it starts: --until ${until.text} must be a shorter duration than --since ${since.text}`;
  if (since.kind === "at" && until.ms <= since.ms)
    return `the window ends before it starts: --until ${until.text} is not after --since ${since.text}`;
  return undefined;
}

function boundMs(bound: WindowBound, now: number): number {
  return bound.kind === "ago" ? now - bound.ms : bound.ms;
}

/**
 * The absolute window from `since` to `until` (default: now), to the millisecond. A window
 * that ends before it starts, or starts in the future, is bad input (exit 2); so is a start
 * further back than the longest duration (`MAX_DURATION_MS`, what CloudWatch keeps). An end
 * in the future is cut at now. A time read as UTC for want of a zone is said through `note`.
 */
export function resolveWindow(
  since: WindowBound,
  until: WindowBound | undefined,
  now: number,
  note: (message: string) => void = () => undefined,
): ResolvedWindow {
  if (since.kind === "ago" && since.ms <= 0)
    throw new UsageError(`--since must be longer than 0, got "${since.text}"`, SINCE_EXAMPLES);
  const startMs = boundMs(since, now);
  if (startMs > now)
    throw new UsageError(
      `--since ${since.text} is in the future (it is ${isoAt(now)} now)`,
      "the window must start in the past; a time without a zone is read as UTC",
    );
  if (now - startMs > MAX_DURATION_MS)
    throw new UsageError(
      `--since ${since.text} is more than ${MAX_DURATION_MS / 86_400_000} days ago, longer than AWS keeps metrics`,
    );
  const untilMs = until === undefined ? now : boundMs(until, now);
  const problem = orderProblem(since, until);
  if (problem !== undefined || untilMs <= startMs) {
    throw new UsageError(
      problem ??
        `the window ends before it starts: --until ${until?.text} (${isoAt(untilMs)}) is not after --since ${since.text} (${isoAt(startMs)})`,
      "e.g. --since 2h --until 1h, or --since 2026-11-30T08:00Z --until 2026-11-30T09:00Z",
    );
  }
  for (const [flag, bound] of [
    ["--since", since],
    ["--until", until],
  ] as const) {
    if (bound?.kind === "at" && bound.zoneAssumed)
      note(`${flag} ${bound.text} names no time zone: read as UTC, ${isoAt(bound.ms)}`);
  }
  const endMs = Math.min(untilMs, now);
  const fixed = since.kind === "at" && until?.kind === "at" && untilMs <= now;
  return {
    startMs,
    endMs,
    startAgeMs: now - startMs,
    start: isoAt(startMs),
    end: isoAt(endMs),
    ...(fixed ? { fixed: true } : {}),
  };
}

/** The envelope's view of a resolved window; `fixed` marks one that never moves (both ends times). */
export function envelopeWindow(window: ResolvedWindow): TimeWindow {
  return { start: window.start, end: window.end, ...(window.fixed ? { fixed: true } : {}) };
}

/** `resolveWindow` at the run's clock, saying on stderr (the run's log) when a time was read as UTC. */
export function resolveRunWindow(
  run: { readonly now: number; readonly log: { info(message: string): void } },
  flags: { since: WindowBound; until?: WindowBound | undefined },
): ResolvedWindow {
  return resolveWindow(flags.since, flags.until, run.now, (message) => run.log.info(message));
}
