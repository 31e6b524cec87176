/** Durations as people type them: `30s`, `15m`, `1h`, `2d`, compound `1h30m` or `2d12h`, and `0`. */
import { UsageError } from "../errors/errors.js";

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
/** Largest first: a compound duration names its units in this order, each at most once. */
const UNIT_ORDER: readonly Unit[] = ["w", "d", "h", "m", "s", "ms"];
/** One part of a duration; `ms` is tried before `m` so that `5ms` is five milliseconds. */
const PART_RE = /(\d{1,9})(ms|s|m|h|d|w)/y;
/** Nothing awstriage does looks further back than CloudWatch's retention of 15 months. */
export const MAX_DURATION_MS = 455 * UNIT_MS.d;

const HINT = "units: ms, s, m, h, d, w, largest first (1h30m, 2d12h); use 0 for none";

/** The parts of a duration in milliseconds, or undefined when the text is not one. */
function durationMs(text: string): number | undefined {
  if (text === "") return undefined;
  let total = 0;
  let lastRank = -1;
  PART_RE.lastIndex = 0;
  while (PART_RE.lastIndex < text.length) {
    const match = PART_RE.exec(text);
    if (match === null) return undefined;
    const unit = match[2] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) return undefined;
    lastRank = rank;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return total;
}

export function parseDuration(input: string, flag = "duration"): number {
  const text = input.trim();
  if (text === "0") return 0;
  const ms = durationMs(text);
  if (ms === undefined) {
    throw new UsageError(
      `invalid ${flag} "${input}": expected a number and a unit, such as 30s, 15m, 1h, 1h30m or 2d`,
      HINT,
    );
  }
  if (ms > MAX_DURATION_MS) {
    throw new UsageError(
      `invalid ${flag} "${input}": longer than the ${MAX_DURATION_MS / UNIT_MS.d} days AWS keeps metrics`,
    );
  }
  return ms;
}

/** Whether `input` has the shape of a duration (its value may still be out of range). */
export function looksLikeDuration(input: string): boolean {
  const text = input.trim();
  return text === "0" || durationMs(text) !== undefined;
}

/** Human form for messages: 42s, 3m12s, 2h5m, 3d4h. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? `${h % 24}h` : ""}`;
}
