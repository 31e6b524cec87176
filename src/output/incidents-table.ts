/**
 * `triage` on a terminal: the incidents, ranked, each as a title line (severity, rank, the
 * one-line story from entry to suspected cause) and its findings indented under it (entry →
 * affected → suspected cause; an alarm in ALARM as a signal of the resource it watches), then
 * the hygiene findings, then the count line. `--flat` keeps the list by severity.
 */
import type { Finding } from "../records/index.js";
import { ALARM_RULE } from "../incidents/group.js";
import { compareMembers, compareRoles, summarizeIncidents } from "../incidents/summary.js";
import { compareFindings } from "../rules/severity.js";
import { alignRow, columnWidths } from "./align.js";
import { changeNotes, findingsSummary, topSignature } from "./findings-table.js";
import { onsetCell } from "./onset-cell.js";
import { paint, severityStyle } from "./style.js";
import { PLAIN_VIEW, MAX_CELL, type TableView } from "./table-fit.js";
import { cellSafe, displayWidth, terminalSafe, truncateToWidth } from "./terminal-text.js";

const INDENT = "  ";

/** A member's row; with metric findings among them, the onset cell (sparkline, trend, since) before the title. */
function memberCells(f: Finding, view: TableView, timed: boolean): string[] {
  const role = f.ruleId === ALARM_RULE ? "  ↳ signal" : (f.role ?? "");
  return [
    role,
    cellSafe(f.ruleId),
    cellSafe(f.resourceId),
    ...(view.singleRegion ? [] : [cellSafe(f.region)]),
    ...(timed ? [onsetCell(f, view)] : []),
    cellSafe(f.title + topSignature(f)),
  ];
}

/** Identifiers shrink down to this many columns before the title gives up its half of the line. */
const MIN_ID = 12;

/**
 * The last column (the title) is the payload: it gets at least half of the line after the
 * indent, the other columns but the role giving way for it (the widest first, down to MIN_ID).
 */
function fitted(rows: readonly string[][], view: TableView): string[][] {
  if (view.wide) return rows.map((r) => [...r]);
  if (view.width === undefined)
    return rows.map((r) => [...r.slice(0, -1), truncateToWidth(r[r.length - 1] ?? "", MAX_CELL)]);
  const caps = columnWidths(rows.map((r) => r.slice(0, -1)));
  const used = () => INDENT.length + caps.reduce((sum, w) => sum + w + 2, 0);
  const half = Math.floor((view.width - INDENT.length) / 2);
  while (view.width - used() < half) {
    let widest = -1;
    for (let i = 1; i < caps.length; i++) {
      if ((caps[i] ?? 0) > MIN_ID && (widest < 0 || (caps[i] ?? 0) > (caps[widest] ?? 0))) widest = i;
    }
    if (widest < 0) break;
    caps[widest] = (caps[widest] ?? 0) - 1;
  }
  const room = Math.max(MIN_ID, view.width - used());
  return rows.map((r) => [
    ...r.slice(0, -1).map((cell, i) => truncateToWidth(cell, caps[i] ?? displayWidth(cell))),
    truncateToWidth(r[r.length - 1] ?? "", room),
  ]);
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
    return { incident, members: ordered, rows: ordered.map((f) => memberCells(f, view, timed)) };
  });
  const rest = findings.filter((f) => f.incident == null).sort(compareFindings);
  const hygieneRows = rest.map((f) => ["", ...memberCells(f, view, timed).slice(1)]);
  const all = fitted([...blocks.flatMap((b) => b.rows), ...hygieneRows], view);
  const widths = columnWidths(all);
  let at = 0;
  const noteRoom = view.wide || view.width === undefined ? Number.POSITIVE_INFINITY : view.width - 2 * INDENT.length;
  // Each row, then the newest change of its finding under it (as the --flat list does).
  const take = (members: readonly Finding[]) =>
    members.flatMap((f) => [
      alignRow(all[at++] ?? [], widths, INDENT),
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
    if (incident.entryPoints > 0) lines.push(`${INDENT}(reached from ${points})`);
  }
  if (rest.length > 0) {
    lines.push(`HYGIENE (${rest.length})`);
    lines.push(...take(rest));
  }
  const count = `${incidents.length} incident${incidents.length === 1 ? "" : "s"}; ${findingsSummary(findings, suppressed)}`;
  return `${lines.join("\n")}\n\n${count}\n`;
}
