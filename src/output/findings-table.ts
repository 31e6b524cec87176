/**
 * The `table` output of `triage` and `diff`: a summary for people, grouped (by severity, or
 * by change for a diff), with columns aligned across the groups and a count line at the end.
 */
import { SEVERITIES, type Finding } from "../records.js";
import { CHANGES, countChanges, type DiffEntry } from "../rules/diff.js";
import { alignRow, columnWidths } from "./align.js";
import { cellSafe, terminalSafe, truncateToWidth } from "./terminal-text.js";

const MAX_ID = 48;

interface Group<T> {
  label: string;
  rows: readonly T[];
}

function clip(text: string, max: number): string {
  return truncateToWidth(cellSafe(text), max);
}

function renderGroups<T extends Finding>(groups: readonly Group<T>[], cells: (row: T) => string[]): string {
  const widths = columnWidths(groups.flatMap((g) => g.rows.map(cells)));
  const lines: string[] = [];
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    lines.push(`${terminalSafe(group.label.toUpperCase())} (${group.rows.length})`);
    for (const row of group.rows) lines.push(alignRow(cells(row), widths, "  "));
  }
  return lines.join("\n");
}

const findingCells = (f: Finding) => [
  cellSafe(f.ruleId),
  clip(f.resourceId, MAX_ID),
  cellSafe(f.region),
  cellSafe(f.title),
];

/** `7 findings: 3 high, 3 medium, 1 low` */
export function findingsSummary(findings: readonly Finding[]): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const total = `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
  return counts.length === 0 ? total : `${total}: ${counts.map(([s, n]) => `${n} ${s}`).join(", ")}`;
}

export function renderFindingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return "no findings\n";
  const groups = SEVERITIES.map((severity) => ({
    label: severity,
    rows: findings.filter((f) => f.severity === severity),
  }));
  return `${renderGroups(groups, findingCells)}\n\n${findingsSummary(findings)}\n`;
}

export function renderDiffTable(entries: readonly DiffEntry[]): string {
  if (entries.length === 0) return "no findings in either document\n";
  const groups = CHANGES.map((change) => ({ label: change, rows: entries.filter((e) => e.change === change) }));
  const severityCell = (e: DiffEntry) =>
    e.previousSeverity !== null && e.previousSeverity !== e.severity
      ? cellSafe(`${e.previousSeverity}→${e.severity}`)
      : cellSafe(e.severity);
  const counts = countChanges(entries);
  return `${renderGroups(groups, (e) => [severityCell(e), ...findingCells(e)])}\n\n${CHANGES.map((c) => `${counts[c]} ${c}`).join(", ")}\n`;
}
