/**
 * `diff` by incident: an incident's id is a hash of its member resources, so it changes when a
 * resource joins or leaves it. Two documents' incidents are matched by their members instead:
 * each incident of the newer document is the one of the older document that most of its
 * findings (rule + account + region + resource) belonged to.
 */
import type { Finding } from "../records/index.js";
import { findingKey } from "../rules/severity.js";
import { compareText } from "../normalize/order.js";

/** Incident id in `from` → the id of its match in `to` (absent: no shared member). */
export function matchIncidents(from: readonly Finding[], to: readonly Finding[]): Map<string, string> {
  const inTo = new Map(to.flatMap((f) => (f.incident == null ? [] : [[findingKey(f), f.incident] as const])));
  const votes = new Map<string, Map<string, number>>();
  for (const f of from) {
    const other = inTo.get(findingKey(f));
    if (f.incident == null || other === undefined) continue;
    const tally = votes.get(f.incident) ?? new Map<string, number>();
    tally.set(other, (tally.get(other) ?? 0) + 1);
    votes.set(f.incident, tally);
  }
  const matches = new Map<string, string>();
  for (const [id, tally] of votes) {
    const [best] = [...tally].sort(([a, x], [b, y]) => y - x || compareText(a, b));
    if (best !== undefined) matches.set(id, best[0]);
  }
  return matches;
}

export interface IncidentChanges {
  new: number;
  resolved: number;
  ongoing: number;
}

/** How many incidents are new, resolved, or still there (matched by members). */
export function countIncidentChanges(previous: readonly Finding[], current: readonly Finding[]): IncidentChanges {
  const ids = (findings: readonly Finding[]) =>
    new Set(findings.flatMap((f) => (f.incident == null ? [] : [f.incident])));
  const forward = matchIncidents(current, previous);
  const backward = matchIncidents(previous, current);
  const now = ids(current);
  const before = ids(previous);
  return {
    new: [...now].filter((id) => !forward.has(id)).length,
    resolved: [...before].filter((id) => !backward.has(id)).length,
    ongoing: [...now].filter((id) => forward.has(id)).length,
  };
}
