/**
 * How the rows of `triage`'s incident view fit a terminal. A row is its identifiers (role,
 * rule id, resource, region) and its payload (the onset cell, then the title): on one line when
 * the identifiers stay readable and the payload still gets at least half of the line; otherwise
 * "stacked", the identifiers on the row's line and the payload on the lines below it, indented.
 * One decision for the whole table, so its columns align.
 */
import { alignRow, columnWidths } from "./align.js";
import { MAX_CELL, type TableView } from "./table-fit.js";
import { displayWidth, padToWidth, truncateToWidth } from "./terminal-text.js";
import { wrapToWidth } from "./wrap.js";

/** A member's cells, already terminal-safe. */
export interface IncidentRow {
  /** Role, rule id, resource id, and the region when several are in play. */
  ids: string[];
  /** The onset cell (sparkline, trend, since); undefined when no finding of the table has a series. */
  onset: string | undefined;
  /** The title and what follows it (the top log signature). */
  title: string;
}

export const INDENT = "  ";
/** A stacked row's payload line sits under its identifiers, this far in. */
export const PAYLOAD_INDENT = "    ";
const GAP = 2;
/** On one line, an identifier longer than this is cut (as the `--flat` list cuts a resource id) rather than the row stacked. */
const MAX_ID = 48;
/** A title squeezed below this (the `--flat` list's least for it) is not worth a single line: the rows stack. */
const MIN_TITLE = 30;
/** A stacked row's title wraps onto at most this many lines, the last cut. */
const PAYLOAD_LINES = 3;
/** Stacked identifiers wider than the whole line give way, the widest first, down to this. */
const MIN_ID = 12;

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);
const widest = (cells: readonly string[]) => Math.max(0, ...cells.map(displayWidth));

/** Each row's lines (one, or two when stacked), indented, every one within the view's width. */
export function incidentRowLines(rows: readonly IncidentRow[], view: TableView): string[][] {
  const timed = rows.some((r) => r.onset !== undefined);
  const cells = (r: IncidentRow, title = r.title) => [...r.ids, ...(timed ? [r.onset ?? ""] : []), title];
  // --wide cuts nothing; into a pipe only the title is cut, at MAX_CELL, as every table's cells are.
  if (view.wide) return oneLine(rows.map((r) => cells(r)));
  const width = view.width;
  if (width === undefined) return oneLine(rows.map((r) => cells(r, truncateToWidth(r.title, MAX_CELL))));
  const idCaps = columnWidths(rows.map((r) => r.ids)).map((w) => Math.min(w, MAX_ID));
  const onsetWidth = timed ? widest(rows.map((r) => r.onset ?? "")) + GAP : 0;
  const titleWidth = widest(rows.map((r) => r.title));
  const payloadRoom = width - INDENT.length - sum(idCaps.map((w) => w + GAP));
  const half = Math.floor((width - INDENT.length) / 2);
  const titleRoom = payloadRoom - onsetWidth;
  // The payload gets its half of the line (or all it needs), the onset whole and the title a readable part of it.
  const single = payloadRoom >= Math.min(half, onsetWidth + titleWidth) && titleRoom >= Math.min(MIN_TITLE, titleWidth);
  if (single) {
    const fitted = rows.map((r) => [
      ...r.ids.map((id, i) => truncateToWidth(id, idCaps[i] ?? MAX_ID)),
      ...(timed ? [r.onset ?? ""] : []),
      truncateToWidth(r.title, titleRoom),
    ]);
    return oneLine(fitted).map((lines) => lines.map((l) => truncateToWidth(l, width)));
  }
  return stacked(rows, width, timed);
}

function oneLine(rows: readonly string[][]): string[][] {
  const widths = columnWidths(rows);
  return rows.map((r) => [alignRow(r, widths, INDENT)]);
}

/**
 * The identifiers on the row's line, fitted to the whole width; the payload under them: the
 * onset (padded, so the titles after it align), two spaces, the title, wrapped under itself
 * onto a few lines rather than cut (its numbers are what the reader came for).
 */
function stacked(rows: readonly IncidentRow[], width: number, timed: boolean): string[][] {
  const caps = columnWidths(rows.map((r) => r.ids));
  const used = () => INDENT.length + sum(caps) + GAP * Math.max(0, caps.length - 1);
  while (used() > width) {
    // The role (first) stays: it is short, and the view's shape hangs on it.
    let at = -1;
    for (let i = 1; i < caps.length; i++)
      if ((caps[i] ?? 0) > MIN_ID && (at < 0 || (caps[i] ?? 0) > (caps[at] ?? 0))) at = i;
    if (at < 0) break;
    caps[at] = (caps[at] ?? 0) - 1;
  }
  const onsetWidth = timed ? widest(rows.map((r) => r.onset ?? "")) : 0;
  return rows.map((r) => {
    const ids = r.ids.map((id, i) => truncateToWidth(id, caps[i] ?? displayWidth(id)));
    // A row without an onset (an alarm, a hygiene finding) starts its title at the indent.
    const lead = r.onset ? `${PAYLOAD_INDENT}${padToWidth(r.onset, onsetWidth)}  ` : PAYLOAD_INDENT;
    // The title wraps under itself, or a little in where it starts at the indent (or the onset
    // leaves it too little room), so a continued line never looks like another row's payload.
    const under = Boolean(r.onset) && width - displayWidth(lead) >= MIN_TITLE;
    const hang = under ? displayWidth(lead) : PAYLOAD_INDENT.length + GAP;
    const title = wrapToWidth(r.title, (i) => width - (i === 0 ? displayWidth(lead) : hang), PAYLOAD_LINES);
    return [
      truncateToWidth(alignRow(ids, caps, INDENT), width),
      `${lead}${title[0] ?? ""}`.trimEnd(),
      ...title.slice(1).map((line) => `${" ".repeat(hang)}${line}`),
    ];
  });
}
