/**
 * Writes records to stdout: `json` (one array, one record per line so it streams),
 * `ndjson` (one record per line) or `table` (aligned columns for people).
 * Nothing but the result is ever written to stdout.
 */
import type { OutputFormat } from "../options.js";
import { alignRows } from "./align.js";
import { cellSafe, truncateToWidth } from "./terminal-text.js";

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
): Promise<void> {
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

/** Without a terminal width to fit, a cell is cut at this many columns. */
export const MAX_CELL = 60;

/**
 * Aligned columns for people. Every cell and header is made terminal-safe (control characters
 * shown escaped), cut to MAX_CELL display columns and padded by display width, so CJK and emoji
 * line up.
 */
export function renderTable(records: readonly OutputRecord[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (records.length === 0) return "";
  const rows = records.map((r) => cols.map((c) => truncateToWidth(cellSafe(cellText(r[c])), MAX_CELL)));
  return alignRows([cols.map(cellSafe), ...rows]);
}
/** `records` may be an array or any (async) iterable; json and ndjson are written as they come. */
export async function writeRecords(
  records: Records,
  format: OutputFormat,
  options: { columns?: readonly string[]; stream?: NodeJS.WritableStream } = {},
): Promise<void> {
  const stream = options.stream ?? process.stdout;
  switch (format) {
    case "json":
    case "ndjson":
      return writeRecordLines(stream, records, format);
    case "table": {
      // Column widths need every record first.
      const out = blockWriter(stream);
      await out.add(renderTable((await collect(records)) as OutputRecord[], options.columns));
      return out.end();
    }
  }
}
