/**
 * The `table` output of `triage` and `diff`: a summary for people, grouped (by severity, or
 * by change for a diff), with columns aligned across the groups and a count line at the end.
 */
import { SEVERITIES, type Finding } from "../records/index.js";
import { CHANGES, countChanges, type DiffEntry } from "../rules/diff.js";
import { percent } from "./percent.js";
import { alignRow, columnWidths } from "./align.js";
import { cellStyle, paint, severityStyle, type Style } from "./style.js";
import { PLAIN_VIEW, planColumns, type TableView } from "./table-fit.js";
import { TABLE_LAYOUTS, type TableLayout } from "./table-layouts.js";
import { cellSafe, terminalSafe, truncateToWidth } from "./terminal-text.js";
import { onsetCell } from "./onset-cell.js";

const MAX_ID = 48;

interface Group<T> {
  label: string;
  style?: Style | undefined;
  rows: readonly T[];
}

/**
 * Groups under their labels, every row's columns aligned across groups, fitted to the view
 * like any table (`title` is the free text; see table-layouts.ts).
 */
function renderGroups<T extends Finding>(
  groups: readonly Group<T>[],
  names: readonly string[],
  cells: (row: T) => string[],
  layout: TableLayout | undefined,
  view: TableView,
  /** Lines under a row (a metric finding's latest change), indented, cut to the terminal. */
  notes: (row: T) => readonly string[] = () => [],
): string {
  const shown = names.map((name, i) => ({ name, i })).filter(({ name }) => !(view.singleRegion && name === "region"));
  const rowsOf = (row: T) => {
    const all = cells(row);
    return shown.map(({ i }) => all[i] ?? "");
  };
  const body = groups.flatMap((g) => g.rows.map(rowsOf));
  const indent = "  ";
  const fitView = view.width === undefined ? view : { ...view, width: view.width - indent.length };
  const plan = planColumns(
    shown.map((c) => c.name),
    columnWidths(body),
    layout,
    fitView,
  );
  const fitRow = (row: readonly string[]) =>
    plan.keep.map((i, k) => truncateToWidth(row[i] ?? "", plan.limits[k] ?? 0));
  const widths = columnWidths(body.map(fitRow));
  const keptNames = plan.keep.map((i) => shown[i]?.name ?? "");
  const styleOf = view.color ? (k: number, cell: string) => cellStyle(keptNames[k] ?? "", cell) : undefined;
  const lines: string[] = [];
  for (const group of groups) {
    if (group.rows.length === 0) continue;
    const label = `${terminalSafe(group.label.toUpperCase())} (${group.rows.length})`;
    lines.push(view.color ? paint(label, group.style) : label);
    for (const row of group.rows) {
      lines.push(alignRow(fitRow(rowsOf(row)), widths, indent, styleOf));
      const room = view.wide || view.width === undefined ? Number.POSITIVE_INFINITY : view.width - 2 * indent.length;
      for (const note of notes(row)) lines.push(`${indent}${indent}${truncateToWidth(cellSafe(note), room)}`);
    }
  }
  return lines.join("\n");
}

const FINDING_COLUMNS = ["ruleId", "resourceId", "region", "title"] as const;
/** With metric findings among them: the series as a sparkline, the trend and since when. */
const TIMED_COLUMNS = ["ruleId", "resourceId", "region", "since", "title"] as const;

const findingCells =
  (view: TableView, timed = false) =>
  (f: Finding): string[] => [
    cellSafe(f.ruleId),
    view.wide ? cellSafe(f.resourceId) : truncateToWidth(cellSafe(f.resourceId), MAX_ID),
    cellSafe(f.region),
    ...(timed ? [onsetCell(f, view)] : []),
    cellSafe(f.title + topSignature(f)),
  ];

/** An error finding's most frequent log signature and its share: ` · logs 86%: Timeout after <n> ms …`. */
export function topSignature(f: Finding): string {
  const top = f.logSignatures?.[0];
  return top === undefined ? "" : ` · logs ${percent(top.share)}: ${top.signature}`;
}

/** The newest change of a metric finding, shown under it: what changed just before it began. */
export function changeNotes(f: Finding): string[] {
  return f.changes?.[0] === undefined ? [] : [`changed: ${f.changes[0].summary}`];
}

/** `7 findings: 3 high, 3 medium, 1 low`, and `; 2 suppressed` when the config file suppressed some. */
export function findingsSummary(findings: readonly Finding[], suppressed = 0): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const total = `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
  const text = counts.length === 0 ? total : `${total}: ${counts.map(([s, n]) => `${n} ${s}`).join(", ")}`;
  return suppressed > 0 ? `${text}; ${suppressed} suppressed` : text;
}

/** Nothing for no findings: `emit` says so on stderr, on a terminal. */
export function renderFindingsTable(
  findings: readonly Finding[],
  view: TableView = PLAIN_VIEW,
  suppressed = 0,
): string {
  if (findings.length === 0) return suppressed > 0 ? `${findingsSummary(findings, suppressed)}\n` : "";
  const groups = SEVERITIES.map((severity) => ({
    label: severity,
    style: severityStyle(severity),
    rows: findings.filter((f) => f.severity === severity),
  }));
  const timed = findings.some((f) => f.series !== undefined);
  const columns = timed ? TIMED_COLUMNS : FINDING_COLUMNS;
  // The newest change of a metric finding, under it: what changed just before it began.
  const table = renderGroups(groups, columns, findingCells(view, timed), TABLE_LAYOUTS.triage, view, changeNotes);
  return `${table}\n\n${findingsSummary(findings, suppressed)}\n`;
}

export function renderDiffTable(entries: readonly DiffEntry[], view: TableView = PLAIN_VIEW): string {
  if (entries.length === 0) return "no findings in either document\n";
  const groups = CHANGES.map((change) => ({ label: change, rows: entries.filter((e) => e.change === change) }));
  const severityCell = (e: DiffEntry) =>
    e.previousSeverity !== null && e.previousSeverity !== e.severity
      ? cellSafe(`${e.previousSeverity}→${e.severity}`)
      : cellSafe(e.severity);
  const counts = countChanges(entries);
  const cells = (e: DiffEntry) => [severityCell(e), ...findingCells(view)(e)];
  const table = renderGroups(groups, ["severity", ...FINDING_COLUMNS], cells, TABLE_LAYOUTS.diff, view);
  return `${table}\n\n${CHANGES.map((c) => `${counts[c]} ${c}`).join(", ")}\n`;
}
