/**
 * The incidents as people and `--out` read them, from the findings alone (each carries its
 * `incident` and `role`), so a sweep's merged findings give the same view: ranked by worst
 * severity, then how many entry points they reach, then onset (earliest `since`), and titled in
 * one line from entry to suspected cause.
 */
import type { Finding, IncidentRole, IncidentSummary, Severity } from "../records/index.js";
import { compareFindings, severityRank } from "../rules/severity.js";
import { compareText } from "../normalize/order.js";
import { ALARM_RULE } from "./group.js";
import { ENTRY_TYPES } from "./graph.js";
import { signalOf, shortName } from "./signals.js";

const ROLE_ORDER: Readonly<Record<IncidentRole, number>> = { entry: 0, affected: 1, "suspected-cause": 2 };

const roleRank = (f: Finding) => (f.role == null ? 3 : ROLE_ORDER[f.role]);

export const compareRoles = (a: Finding, b: Finding) => roleRank(a) - roleRank(b);

/** Entry → affected → suspected cause, then the findings' own order. */
export const compareMembers = (a: Finding, b: Finding) => compareRoles(a, b) || compareFindings(a, b);

/** The onset the time helper stamps on metric findings (`since`), when present. */
function onsetOf(findings: readonly Finding[]): string | null {
  const times = findings.flatMap((f) => {
    const since = (f as { since?: unknown }).since;
    return typeof since === "string" ? [since] : [];
  });
  return times.length === 0 ? null : (times.sort()[0] as string);
}

const resourceKey = (f: Finding) => JSON.stringify([f.account, f.region, f.resourceType, f.resourceId]);

/** `orders-api 5XX 8% ← orders-handler throttled 11% ← account concurrency 980/1000`. */
export function incidentTitle(members: readonly Finding[]): string {
  const own = members.filter((f) => f.ruleId !== ALARM_RULE);
  const shown = own.length > 0 ? own : members;
  const worstByResource = new Map<string, Finding>();
  for (const f of [...shown].sort(compareMembers))
    if (!worstByResource.has(resourceKey(f))) worstByResource.set(resourceKey(f), f);
  const resources = [...worstByResource.values()];
  // One per role (the worst), so the title stays one line; the rest are counted.
  const chain = (["entry", "affected", "suspected-cause"] as const).flatMap((role) => {
    const first = resources.find((f) => f.role === role);
    return first === undefined ? [] : [first];
  });
  const picked = chain.length > 0 ? chain : resources.slice(0, 1);
  const more = resources.length - picked.length;
  const text = picked
    .map((f) => (f.ruleId === ALARM_RULE ? signalOf(f) : `${shortName(f)} ${signalOf(f)}`))
    .join(" ← ");
  return more > 0 ? `${text} (+${more} more)` : text;
}

/** Every incident of `findings`, ranked; `entryPoints` by incident id (else its entry resources). */
export function summarizeIncidents(
  findings: readonly Finding[],
  entryPoints: ReadonlyMap<string, number> = new Map(),
): IncidentSummary[] {
  const byId = new Map<string, Finding[]>();
  for (const f of findings) if (f.incident != null) byId.set(f.incident, [...(byId.get(f.incident) ?? []), f]);
  const drafts = [...byId].map(([id, members]) => {
    const sorted = [...members].sort(compareMembers);
    const severity = sorted.map((f) => f.severity).sort((a, b) => severityRank(a) - severityRank(b))[0] as Severity;
    // Without the graph's count (a sweep's other accounts), the APIs and load balancers among its findings.
    const entries = new Set(sorted.filter((f) => ENTRY_TYPES.has(f.resourceType)).map(resourceKey)).size;
    const cause = sorted.find((f) => f.role === "suspected-cause" && f.ruleId !== ALARM_RULE);
    return {
      id,
      severity,
      entryPoints: entryPoints.get(id) ?? entries,
      onset: onsetOf(sorted),
      title: incidentTitle(sorted),
      suspectedCause:
        cause === undefined
          ? null
          : {
              resourceType: cause.resourceType,
              resourceId: cause.resourceId,
              account: cause.account,
              region: cause.region,
            },
      findings: sorted.map((f) => ({
        ruleId: f.ruleId,
        resourceType: f.resourceType,
        resourceId: f.resourceId,
        account: f.account,
        region: f.region,
        role: f.role ?? null,
      })),
    };
  });
  drafts.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.entryPoints - a.entryPoints ||
      compareText(a.onset ?? "~", b.onset ?? "~") ||
      b.findings.length - a.findings.length ||
      compareText(a.id, b.id),
  );
  return drafts.map(({ onset: _, ...d }, i) => ({
    id: d.id,
    rank: i + 1,
    title: d.title,
    severity: d.severity,
    entryPoints: d.entryPoints,
    suspectedCause: d.suspectedCause,
    findings: d.findings,
  }));
}
