/**
 * `triage` on a terminal: the incidents, ranked, each as a title line (severity, rank, the
 * one-line story from entry to suspected cause) and its findings indented under it (entry →
 * affected → suspected cause; an alarm in ALARM as a signal of the resource it watches), then
 * the hygiene findings, then the count line. `--flat` keeps the list by severity. How the rows
 * fit the terminal (one line each, or stacked on two) is incident-rows.ts's choice.
 */
import type { Finding } from "../records/index.js";
import { ALARM_RULE } from "../incidents/group.js";
import { compareMembers, compareRoles, summarizeIncidents } from "../incidents/summary.js";
import { compareFindings } from "../rules/severity.js";
import { changeNotes, findingsSummary, topSignature } from "./findings-table.js";
import { onsetCell } from "./onset-cell.js";
import { paint, severityStyle } from "./style.js";
import { PLAIN_VIEW, type TableView } from "./table-fit.js";
import { cellSafe, displayWidth, terminalSafe, truncateToWidth } from "./terminal-text.js";
import { INDENT, incidentRowLines, type IncidentRow } from "./incident-rows.js";

/** A member's row; with metric findings among them, the onset cell (sparkline, trend, since) before the title. */
function memberRow(f: Finding, view: TableView, timed: boolean, hygiene = false): IncidentRow {
  const role = hygiene ? "" : f.ruleId === ALARM_RULE ? "  ↳ signal" : (f.role ?? "");
  return {
    ids: [role, cellSafe(f.ruleId), cellSafe(f.resourceId), ...(view.singleRegion ? [] : [cellSafe(f.region)])],
    onset: timed ? onsetCell(f, view) : undefined,
    title: cellSafe(f.title + topSignature(f)),
  };
}

export function renderIncidentsTable(
  findings: readonly Finding[],
  view: TableView = PLAIN_VIEW,
  suppressed = 0,
  entryPoints: ReadonlyMap<string, number> = new Map(),
): string {
  if (findings.length === 0) return suppressed > 0 ? `${findingsSummary(findings, suppressed)}\n` : "";
  const incidents = summarizeIncidents(findings, entryPoints);
  const timed = findings.some((f) => f.series !== undefined);
  const byId = new Map<string, Finding[]>();
  for (const f of findings) if (f.incident != null) byId.set(f.incident, [...(byId.get(f.incident) ?? []), f]);
  // Rows of every incident and of the hygiene list share column widths.
  const blocks = incidents.map((incident) => {
    const members = [...(byId.get(incident.id) ?? [])].sort(compareMembers);
    // An alarm's row follows the rows of its role, as a signal of the resource it watches.
    const isAlarm = (f: Finding) => Number(f.ruleId === ALARM_RULE);
    const ordered = members.sort((a, b) => compareRoles(a, b) || isAlarm(a) - isAlarm(b) || compareMembers(a, b));
    return { incident, members: ordered, rows: ordered.map((f) => memberRow(f, view, timed)) };
  });
  const rest = findings.filter((f) => f.incident == null).sort(compareFindings);
  const hygieneRows = rest.map((f) => memberRow(f, view, timed, true));
  const all = incidentRowLines([...blocks.flatMap((b) => b.rows), ...hygieneRows], view);
  let at = 0;
  const lineRoom = view.wide || view.width === undefined ? Number.POSITIVE_INFINITY : view.width;
  const noteRoom = lineRoom - 2 * INDENT.length;
  // Each row, then the newest change of its finding under it (as the --flat list does).
  const take = (members: readonly Finding[]) =>
    members.flatMap((f) => [
      ...(all[at++] ?? []),
      ...changeNotes(f).map((note) => `${INDENT}${INDENT}${truncateToWidth(cellSafe(note), noteRoom)}`),
    ]);
  const lines: string[] = [];
  for (const { incident, members } of blocks) {
    const head = `${incident.severity.toUpperCase()} #${incident.rank}`;
    const points = incident.entryPoints === 1 ? "1 entry point" : `${incident.entryPoints} entry points`;
    const story = terminalSafe(incident.title);
    const room = view.wide || view.width === undefined ? undefined : view.width - displayWidth(head) - 1;
    const title = `${room === undefined ? story : truncateToWidth(story, room)}`;
    lines.push(`${view.color ? paint(head, severityStyle(incident.severity)) : head} ${title}`);
    lines.push(...take(members));
    if (incident.entryPoints > 0) lines.push(truncateToWidth(`${INDENT}(reached from ${points})`, lineRoom));
  }
  if (rest.length > 0) {
    lines.push(`HYGIENE (${rest.length})`);
    lines.push(...take(rest));
  }
  const count = `${incidents.length} incident${incidents.length === 1 ? "" : "s"}; ${findingsSummary(findings, suppressed)}`;
  return `${lines.join("\n")}\n\n${truncateToWidth(count, lineRoom)}\n`;
}
