/** Durations as people type them: `30s`, `15m`, `1h`, `2d`, and `0`. */
import { UsageError } from "./errors.js";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION_RE = /^(\d{1,9})(ms|s|m|h|d|w)$/;
/** Nothing awstriage does looks further back than CloudWatch's retention of 15 months. */
export const MAX_DURATION_MS = 455 * UNIT_MS.d;

export function parseDuration(input: string, flag = "duration"): number {
  const text = input.trim();
  if (text === "0") return 0;
  const match = DURATION_RE.exec(text);
  if (match === null) {
    throw new UsageError(
      `invalid ${flag} "${input}": expected a number and a unit, such as 30s, 15m, 1h or 2d`,
      "units: ms, s, m, h, d, w; use 0 for none",
    );
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as Unit];
  if (ms > MAX_DURATION_MS) {
    throw new UsageError(
      `invalid ${flag} "${input}": longer than the ${MAX_DURATION_MS / UNIT_MS.d} days AWS keeps metrics`,
    );
  }
  return ms;
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
