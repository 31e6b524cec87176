/**
 * Writes records to stdout: `json` (one array, one record per line so it streams),
 * `ndjson` (one record per line) or `table` (aligned columns for people).
 * Nothing but the result is ever written to stdout.
 */
import type { OutputFormat } from "../options.js";

export type OutputRecord = Record<string, unknown>;

/** Writes in chunks and honours back-pressure, so 10,000 records never build one huge string. */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let buffer = "";
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 64 * 1024) {
      const ok = stream.write(buffer);
      buffer = "";
      if (!ok) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
    }
  }
  if (buffer.length > 0) stream.write(buffer);
}

function* jsonChunks(records: readonly unknown[]): Generator<string> {
  if (records.length === 0) {
    yield "[]\n";
    return;
  }
  yield "[\n";
  for (let i = 0; i < records.length; i++) yield `${JSON.stringify(records[i])}${i < records.length - 1 ? ",\n" : "\n"}`;
  yield "]\n";
}

function* ndjsonChunks(records: readonly unknown[]): Generator<string> {
  for (const record of records) yield `${JSON.stringify(record)}\n`;
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(cellText).join(",");
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${cellText(v)}`).join(",");
}

const MAX_CELL = 60;

export function renderTable(records: readonly OutputRecord[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (records.length === 0) return "";
  const rows = records.map((r) =>
    cols.map((c) => {
      const text = cellText(r[c]).replace(/\s+/g, " ");
      return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
    }),
  );
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(cols), ...rows.map(line)].join("\n") + "\n";
}

export async function writeRecords(
  records: readonly unknown[],
  format: OutputFormat,
  options: { columns?: readonly string[]; stream?: NodeJS.WritableStream } = {},
): Promise<void> {
  const stream = options.stream ?? process.stdout;
  switch (format) {
    case "json":
      return writeChunks(stream, jsonChunks(records));
    case "ndjson":
      return writeChunks(stream, ndjsonChunks(records));
    case "table":
      return writeChunks(stream, [renderTable(records as OutputRecord[], options.columns)]);
  }
}
