/**
 * Findings → incidents: findings whose resources are connected in the resource graph form one
 * incident; each finding gets the incident's stable id and its role in it. Pure over the
 * findings and the records, so `--offline` gives the same incidents.
 *
 * - An alarm's finding belongs to the resource the alarm watches (folded into it).
 * - Hygiene findings (HYGIENE_RULES) are in no incident.
 * - Along the dependency edges: the deepest resources with a finding are the `suspected-cause`,
 *   those nothing with a finding depends on are the `entry`, the ones between `affected`. An
 *   account limit with a finding is a cause of the functions it caps; a resource alone is an
 *   `entry` when users hit it (an API, a load balancer), else its own `suspected-cause`.
 */
import { createHash } from "node:crypto";
import type { AlarmRecord, Finding, IncidentRole } from "../records/index.js";
import { watchedBy } from "../rules/related.js";
import type { TriageData } from "../rules/types.js";
import { buildGraph, edgeKey, ENTRY_TYPES, isHub, nodeKey, reach, type ResourceGraph } from "./graph.js";

/** Inventory and alarm-coverage rules: listed after the incidents, in none of them. */
export const HYGIENE_RULES: ReadonlySet<string> = new Set([
  "lambda.unmonitored",
  "cloudwatch.alarm-orphaned",
  "cloudwatch.alarm-actions-disabled",
  "lambda.deprecated-runtime",
  "logs.no-retention",
]);

export const ALARM_RULE = "cloudwatch.alarm-firing";

/** Findings that an account's concurrency limit explains. */
const THROTTLE_RULES: ReadonlySet<string> = new Set(["lambda.throttles"]);

export interface Membership {
  incident: string | null;
  role: IncidentRole | null;
}

export interface GroupedIncident {
  id: string;
  /** Resource keys (graph nodes) with a finding, sorted. */
  members: string[];
  /** Entry points (APIs, load balancers) that reach a member, members included. */
  entryPoints: number;
  roles: Map<string, IncidentRole>;
}

function alarmIndex(data: TriageData): Map<string, AlarmRecord> {
  const alarms = new Map<string, AlarmRecord>();
  for (const batch of data.alarms)
    for (const a of batch.records) alarms.set(JSON.stringify([a.account, a.region, a.alarmName]), a);
  return alarms;
}

/** The resource a finding is about, an alarm's being the resource it watches. */
function resourceOf(
  f: Finding,
  alarms: ReadonlyMap<string, AlarmRecord>,
  graph: ResourceGraph,
  withFindings: ReadonlySet<string>,
): string {
  const own = nodeKey(f);
  if (f.ruleId !== ALARM_RULE) return own;
  const alarm = alarms.get(JSON.stringify([f.account, f.region, f.resourceId]));
  const watched = alarm === undefined ? [] : watchedBy(alarm).map(nodeKey);
  return watched.find((k) => withFindings.has(k)) ?? watched.find((k) => graph.nodes.has(k)) ?? watched[0] ?? own;
}

const incidentId = (members: readonly string[]) =>
  `inc-${createHash("sha256").update(members.join("\n")).digest("hex").slice(0, 12)}`;

type Open = (from: string, to: string) => boolean;

function roleOf(key: string, members: ReadonlySet<string>, graph: ResourceGraph, open: Open) {
  const others = (set: Set<string>) => [...set].some((k) => k !== key && members.has(k));
  const down = others(reach(key, graph.out, open));
  const up = others(reach(key, graph.in, (a, b) => open(b, a)));
  if (isHub(key)) return "suspected-cause";
  if (down && up) return "affected";
  if (down) return "entry";
  if (up) return "suspected-cause";
  return ENTRY_TYPES.has((JSON.parse(key) as string[])[2] ?? "") ? "entry" : "suspected-cause";
}

/** Each finding's incident and role (index-aligned with `findings`), and the incidents. */
export function groupIncidents(
  findings: readonly Finding[],
  data: TriageData,
): { memberships: Membership[]; incidents: GroupedIncident[]; resources: string[] } {
  const graph = buildGraph(data);
  const alarms = alarmIndex(data);
  const direct = new Set(findings.filter((f) => f.ruleId !== ALARM_RULE).map((f) => nodeKey(f)));
  const resources = findings.map((f) => resourceOf(f, alarms, graph, direct));
  const withFindings = new Set(resources.filter((_, i) => !HYGIENE_RULES.has((findings[i] as Finding).ruleId)));
  // An account limit caps every function, but it is the story only of the ones it throttles:
  // the edge counts when the limit has a finding and the function is throttled.
  const throttledKeys = new Set(findings.flatMap((f, i) => (THROTTLE_RULES.has(f.ruleId) ? [resources[i]] : [])));
  const directed: Open = (from, to) =>
    graph.relations.get(edgeKey(from, to)) !== "account-limit" || (withFindings.has(to) && throttledKeys.has(from));
  const open: Open = (a, b) => (graph.relations.has(edgeKey(a, b)) ? directed(a, b) : directed(b, a));
  const undirected = new Map<string, Set<string>>();
  for (const [from, tos] of graph.out)
    for (const to of tos) {
      undirected.set(from, (undirected.get(from) ?? new Set()).add(to));
      undirected.set(to, (undirected.get(to) ?? new Set()).add(from));
    }
  const componentOf = new Map<string, string[]>();
  for (const key of [...withFindings].sort()) {
    if (componentOf.has(key)) continue;
    const members = [...reach(key, undirected, open)].filter((k) => withFindings.has(k)).sort();
    for (const m of members) componentOf.set(m, members);
  }
  const incidents = new Map<string, GroupedIncident>();
  for (const members of new Set(componentOf.values())) {
    const set = new Set(members);
    const roles = new Map(members.map((k) => [k, roleOf(k, set, graph, directed)] as const));
    const upstream = new Set(members.flatMap((k) => [...reach(k, graph.in, (a, b) => directed(b, a))]));
    const entryPoints = [...upstream].filter((k) => ENTRY_TYPES.has((JSON.parse(k) as string[])[2] ?? "")).length;
    const id = incidentId(members);
    incidents.set(id, { id, members, entryPoints, roles });
  }
  const byMember = new Map<string, GroupedIncident>();
  for (const incident of incidents.values()) for (const m of incident.members) byMember.set(m, incident);
  const memberships = resources.map((key, i): Membership => {
    const incident = HYGIENE_RULES.has((findings[i] as Finding).ruleId) ? undefined : byMember.get(key);
    return incident === undefined
      ? { incident: null, role: null }
      : { incident: incident.id, role: incident.roles.get(key) ?? null };
  });
  return { memberships, incidents: [...incidents.values()], resources };
}
