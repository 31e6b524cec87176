/**
 * What changed between two ticks of `triage --watch`: findings that appeared (`opened`), went
 * away (`resolved`), or are still there but judged differently (`changed`: another severity,
 * another trend, another incident role). A finding is the same problem across ticks when its
 * `findingKey` (rule + account + region + resource) is the same, as in `diff`: its title and
 * evidence carry counts that move every minute and are not a change worth a line.
 */
import type { Finding } from "../records/index.js";
import { findingKey } from "../rules/severity.js";

export const WATCH_EVENTS = ["opened", "resolved", "changed"] as const;
export type WatchEventKind = (typeof WATCH_EVENTS)[number];

/** One ndjson line of `triage --watch` in a pipe. */
export interface WatchEvent {
  event: WatchEventKind;
  /** When the tick that saw it ended (ISO-8601 UTC). */
  at: string;
  finding: Finding;
  /** For `changed`: what was different, e.g. `{severity: ["medium", "high"]}`. */
  changes?: Record<string, [unknown, unknown]>;
}

/** What a watch remembers between ticks: each open finding and when it last changed. */
export interface WatchState {
  open: Map<string, { finding: Finding; since: string }>;
}

export function emptyWatchState(): WatchState {
  return { open: new Map() };
}

/** The judgement fields whose change is an event; optional ones count only when both ticks have them. */
const JUDGED: readonly string[] = ["severity", "trend", "role"];

function judgedChanges(before: Finding, after: Finding): Record<string, [unknown, unknown]> | undefined {
  const changes: Record<string, [unknown, unknown]> = {};
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const field of JUDGED) {
    if (!(field in a) || !(field in b)) continue;
    if (b[field] !== a[field]) changes[field] = [b[field], a[field]];
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * The events of one tick, in the findings' own order (resolved ones last), and the state for
 * the next tick. The state holds only what is open now, so a watch of many hours keeps no more
 * than one tick's findings.
 */
export function nextWatchState(
  state: WatchState,
  current: readonly Finding[],
  at: string,
): { events: WatchEvent[]; state: WatchState } {
  const events: WatchEvent[] = [];
  const open: WatchState["open"] = new Map();
  for (const finding of current) {
    const key = findingKey(finding);
    if (open.has(key)) continue;
    const before = state.open.get(key);
    if (before === undefined) {
      events.push({ event: "opened", at, finding });
      open.set(key, { finding, since: at });
      continue;
    }
    const changes = judgedChanges(before.finding, finding);
    if (changes !== undefined) events.push({ event: "changed", at, finding, changes });
    open.set(key, { finding, since: changes === undefined ? before.since : at });
  }
  for (const [key, { finding }] of state.open) {
    if (!open.has(key)) events.push({ event: "resolved", at, finding });
  }
  return { events, state: { open } };
}
