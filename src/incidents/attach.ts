/**
 * Stamps each finding with its incident and role (fields appended after the existing ones, so
 * json/ndjson stays the flat list it was, in the same order) and ranks the incidents for
 * `--out`, the terminal view and `diff`.
 */
import type { Finding, IncidentSummary } from "../records/index.js";
import type { TriageData } from "../rules/types.js";
import { groupIncidents } from "./group.js";
import { summarizeIncidents } from "./summary.js";

export function attachIncidents(
  findings: readonly Finding[],
  data: TriageData,
): { findings: Finding[]; incidents: IncidentSummary[] } {
  const { memberships, incidents } = groupIncidents(findings, data);
  const stamped = findings.map((f, i) => ({
    ...f,
    incident: memberships[i]?.incident ?? null,
    role: memberships[i]?.role ?? null,
  }));
  return { findings: stamped, incidents: summarizeIncidents(stamped, entryPointsOf(incidents)) };
}

/** How many entry points reach each incident, by id, as the graph counted them. */
export const entryPointsOf = (incidents: ReadonlyArray<{ id: string; entryPoints: number }>) =>
  new Map(incidents.map((incident) => [incident.id, incident.entryPoints]));
