/**
 * When a cache entry may be served, decided from its header alone (no file I/O here):
 * - `--force`: never;
 * - an entry of another account than the one the run knows: never (its data would be
 *   labelled as this account's);
 * - `--offline`: at any age (the user asked for the cache whatever it holds);
 * - a `fetchedAt` in the future (clock skew, a forged file): stale, never fresh forever;
 * - younger than `--ttl`: fresh; older: stale, unless its window is immutable (below).
 */
import type { EnvelopeHeader, TimeWindow } from "./envelope.js";

export interface CachePolicy {
  ttlMs: number;
  force: boolean;
  offline: boolean;
}

/** What the run already knows that an entry must agree with. */
export interface Expectations {
  /** The account of the run's identity, when known; an entry naming another is foreign. */
  account?: string | null | undefined;
}

export type Verdict =
  /** `immutable`: served past --ttl because its window had closed before it was fetched. */
  | { use: true; ageMs: number; immutable?: boolean }
  | { use: false; why: "forced" | "stale" | "future" | "foreign"; ageMs: number; detail: string };

/** How old an entry is at `now`; negative when its `fetchedAt` is in the future. */
export function entryAge(header: Pick<EnvelopeHeader, "fetchedAt">, now: number): number {
  return now - Date.parse(header.fetchedAt);
}

export function judgeEntry(
  header: EnvelopeHeader,
  policy: CachePolicy,
  now: number,
  expect: Expectations = {},
): Verdict {
  const ageMs = entryAge(header, now);
  if (policy.force) return { use: false, why: "forced", ageMs, detail: "--force" };
  const known = expect.account;
  if (typeof known === "string" && header.account !== null && header.account !== known)
    return { use: false, why: "foreign", ageMs, detail: `it holds account ${header.account}'s data, not ${known}'s` };
  if (policy.offline) return { use: true, ageMs };
  if (ageMs < 0)
    return { use: false, why: "future", ageMs, detail: `its fetchedAt ${header.fetchedAt} is in the future` };
  if (ageMs < policy.ttlMs) return { use: true, ageMs };
  if (policy.ttlMs > 0 && isImmutableEntry(header)) return { use: true, ageMs, immutable: true };
  return { use: false, why: "stale", ageMs, detail: "older than --ttl" };
}

/** How long after a window ends CloudWatch and Logs may still add data to it (late arrivals). */
export const LATE_DATA_MS = 15 * 60_000;

/**
 * Issue 15: an entry of a fixed window (both ends absolute times, so the key never moves) that
 * had ended at least LATE_DATA_MS before it was fetched holds data that can no longer change,
 * so it is served from the cache even past --ttl. --force and --ttl 0 still fetch.
 */
export function isImmutableEntry(header: { fetchedAt?: unknown; window?: unknown }): boolean {
  const window = header.window as TimeWindow | undefined;
  if (window?.fixed !== true || typeof header.fetchedAt !== "string") return false;
  return Date.parse(window.end) + LATE_DATA_MS <= Date.parse(header.fetchedAt);
}

/** Whether an entry is fresh for `cache ls`: what a run now would serve without calling AWS (an immutable window too). */
export function isFresh(header: Pick<EnvelopeHeader, "fetchedAt" | "window">, ttlMs: number, now: number): boolean {
  const ageMs = entryAge(header, now);
  return ageMs >= 0 && (ageMs < ttlMs || (ttlMs > 0 && isImmutableEntry(header)));
}
