/**
 * Writes records to stdout: `json` (one array, one record per line so it streams),
 * `ndjson` (one record per line) or `table` (aligned columns for people).
 * Nothing but the result is ever written to stdout.
 */
import type { OutputFormat } from "../options/options.js";
import { alignRow, columnWidths } from "./align.js";
import { cellStyle } from "./style.js";
import { MAX_CELL, PLAIN_VIEW, planColumns, type TableView } from "./table-fit.js";
import type { TableLayout } from "./table-layouts.js";
import { cellSafe, messageLines, truncateToWidth } from "./terminal-text.js";
import { ago, isIsoTime } from "../time/relative.js";

export type OutputRecord = Record<string, unknown>;

export type Records = Iterable<unknown> | AsyncIterable<unknown>;

/** Output is written in blocks of about this many characters. */
const BLOCK_CHARS = 64 * 1024;

/**
 * Collects text into blocks and writes each when full, honouring back-pressure: a large
 * result never becomes one huge string. `add` returns a promise only when it had to wait.
 */
function blockWriter(stream: NodeJS.WritableStream): {
  add(text: string): Promise<void> | undefined;
  end(): Promise<void> | undefined;
} {
  let buffer = "";
  const flush = (): Promise<void> | undefined => {
    const ok = stream.write(buffer);
    buffer = "";
    return ok ? undefined : new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  };
  return {
    add(text) {
      buffer += text;
      return buffer.length >= BLOCK_CHARS ? flush() : undefined;
    },
    end: () => (buffer.length > 0 ? flush() : undefined),
  };
}

function isAsyncIterable(records: Records): records is AsyncIterable<unknown> {
  return Symbol.asyncIterator in (records as object);
}

/**
 * json: one array, one record per line (`[\n{...},\n{...}\n]\n`, or `[]\n`); ndjson: one
 * record per line. Records are written as they come, so a command may stream them.
 */
async function writeRecordLines(
  stream: NodeJS.WritableStream,
  records: Records,
  format: "json" | "ndjson",
): Promise<number> {
  const out = blockWriter(stream);
  let count = 0;
  const line = (record: unknown): string =>
    format === "ndjson" ? `${JSON.stringify(record)}\n` : `${count === 0 ? "[\n" : ",\n"}${JSON.stringify(record)}`;
  if (isAsyncIterable(records)) {
    for await (const record of records) {
      await out.add(line(record));
      count++;
    }
  } else {
    for (const record of records) {
      const waiting = out.add(line(record));
      count++;
      if (waiting !== undefined) await waiting;
    }
  }
  if (format === "json") await out.add(count === 0 ? "[]\n" : "\n]\n");
  await out.end();
  return count;
}

async function collect(records: Records): Promise<unknown[]> {
  if (Array.isArray(records)) return records;
  const all: unknown[] = [];
  for await (const record of records) all.push(record);
  return all;
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(cellText).join(",");
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${cellText(v)}`).join(",");
}

export interface TableOptions {
  /** How the table gives way on a narrow terminal (see table-layouts.ts). */
  layout?: TableLayout | undefined;
  view?: TableView | undefined;
}

/**
 * Aligned columns for people. Every cell and header is made terminal-safe (control characters
 * shown escaped), fitted to the terminal (or cut at MAX_CELL in a pipe, or left whole with
 * `--wide`), padded by display width so CJK and emoji line up, and coloured on a terminal.
 */
export function renderTable(
  records: readonly object[],
  columns?: readonly string[],
  options: TableOptions = {},
): string {
  const view = options.view ?? PLAIN_VIEW;
  const layout = options.layout;
  const all = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  const { now } = view;
  const text = (r: object, c: string) => {
    const value = (r as OutputRecord)[c];
    const format = layout?.cells?.[c];
    if (format !== undefined && value !== null && value !== undefined) return format(value, r as OutputRecord);
    // On a terminal a record's ISO time reads `47m ago`; json, ndjson and --out keep ISO.
    return now !== undefined && isIsoTime(value) ? ago(value, now) : cellText(value);
  };
  const multiline = layout?.multiline;
  // A multi-line column's row shows its first line; the others follow the row (see `further`).
  const linesOf = (r: object) => messageLines(cellText((r as OutputRecord)[multiline ?? ""]));
  const cell = (r: object, c: string) => (c === multiline ? (linesOf(r)[0] ?? "") : cellSafe(text(r, c)));
  // On a terminal a column with nothing in any row only takes room (--wide keeps it).
  const filled = (c: string) => view.width === undefined || view.wide || records.some((r) => text(r, c) !== "-");
  const cols = (view.singleRegion ? all.filter((c) => c !== "region") : all).filter(filled);
  if (records.length === 0) return "";
  const header = cols.map(cellSafe);
  const ordered =
    layout?.order === undefined ? records : [...records].sort(layout.order as (a: object, b: object) => number);
  const body = ordered.map((r) => cols.map((c) => cell(r, c)));
  const plan = planColumns(cols, columnWidths([header, ...body]), layout, view);
  const names = plan.keep.map((i) => cols[i] as string);
  const fitRow = (row: readonly string[]) =>
    plan.keep.map((i, k) => truncateToWidth(row[i] ?? "", plan.limits[k] ?? 0));
  const rows = [fitRow(header), ...body.map(fitRow)];
  const widths = columnWidths(rows);
  const styleOf = view.color ? (k: number, cell: string) => cellStyle(names[k] as string, cell) : undefined;
  const k = multiline === undefined ? -1 : names.indexOf(multiline);
  // Further lines start two columns in from where the multi-line column starts.
  const indent = " ".repeat(widths.slice(0, Math.max(k, 0)).reduce((sum, w) => sum + w + 2, 0) + 2);
  // What a further line may take: the terminal's rest of the row, all of it with --wide, MAX_CELL in a pipe.
  const room = view.wide
    ? Number.POSITIVE_INFINITY
    : view.width === undefined
      ? MAX_CELL
      : Math.max(1, view.width - indent.length);
  const further = (r: number): string =>
    k < 0 || r === 0
      ? ""
      : linesOf(ordered[r - 1] as object)
          .slice(1)
          .map((line) => `${`${indent}${truncateToWidth(line, room)}`.trimEnd()}\n`)
          .join("");
  return rows.map((row, r) => `${alignRow(row, widths, "", r === 0 ? undefined : styleOf)}\n${further(r)}`).join("");
}

/**
 * `records` may be an array or any (async) iterable; json and ndjson are written as they come.
 * Returns how many records were written.
 */
export async function writeRecords(
  records: Records,
  format: OutputFormat,
  options: TableOptions & { columns?: readonly string[]; stream?: NodeJS.WritableStream } = {},
): Promise<number> {
  const stream = options.stream ?? process.stdout;
  switch (format) {
    case "json":
    case "ndjson":
      return writeRecordLines(stream, records, format);
    case "table": {
      // Column widths need every record first.
      const all = (await collect(records)) as OutputRecord[];
      const out = blockWriter(stream);
      await out.add(renderTable(all, options.columns, options));
      await out.end();
      return all.length;
    }
  }
}
