/**
 * Times relative to now, for terminal tables (`47m ago`, `since 12m`, `in 3d`): the largest
 * unit and, under ten of it, the next one (`2h13m`), as kubectl's AGE does. JSON keeps ISO. Pure.
 */

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
];

/** A length of time, short: `45s`, `12m`, `2h13m`, `14h`, `3d4h`, `12d`. */
export function shortDuration(ms: number): string {
  const abs = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const index = UNITS.findIndex(([, size]) => abs >= size);
  if (index < 0) return "0s";
  const [unit, size] = UNITS[index] as readonly [string, number];
  const count = Math.floor(abs / size);
  const next = UNITS[index + 1];
  if (count >= 10 || next === undefined || unit === "s") return `${count}${unit}`;
  const rest = Math.floor((abs - count * size) / next[1]);
  return rest === 0 ? `${count}${unit}` : `${count}${unit}${rest}${next[0]}`;
}

const parsed = (at: string | number) => (typeof at === "number" ? at : Date.parse(at));

/** `47m ago`, `in 3d` for a time ahead, `just now` within a second; the text as given when not a time. */
export function ago(at: string | number, now: number): string {
  const ms = parsed(at);
  if (Number.isNaN(ms)) return String(at);
  const delta = now - ms;
  if (Math.abs(delta) < 1000) return "just now";
  return delta > 0 ? `${shortDuration(delta)} ago` : `in ${shortDuration(delta)}`;
}

/** `since 12m`: how long something has been going on. */
export function sinceNow(at: string | number, now: number): string {
  const ms = parsed(at);
  return Number.isNaN(ms) ? String(at) : `since ${shortDuration(now - ms)}`;
}

/**
 * `2m before`, `5m after`: one time against another (a change against an onset), to the
 * nearest minute, since an onset is the start of a period of a minute or more.
 */
export function beforeOrAfter(at: string | number, reference: string | number): string {
  const delta = Math.round((parsed(reference) - parsed(at)) / 60_000) * 60_000;
  if (delta === 0) return parsed(reference) >= parsed(at) ? "just before" : "just after";
  return `${shortDuration(delta)} ${delta > 0 ? "before" : "after"}`;
}

const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** True for an ISO-8601 time with a zone, the form records hold times in. */
export const isIsoTime = (value: unknown): value is string => typeof value === "string" && ISO_TIME_RE.test(value);
