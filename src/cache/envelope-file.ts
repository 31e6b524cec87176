/**
 * The bytes of a cache file. It is one JSON document (DESIGN.md's envelope), laid out so it
 * can be read an item at a time:
 *
 *     {"schemaVersion":1,"script":"ec2",...,"awstriageVersion":"0.1.0","items":[
 *     {...first item...},
 *     {...last item...}
 *     ]}
 *
 * JSON.stringify never writes a raw newline inside a value, so each item is exactly one line.
 * Reading line by line keeps memory bounded by what the command keeps of each item (a record,
 * often) rather than by the whole file plus every raw item parsed from it. A file in any other
 * layout (written by hand, or compact) is still read, whole.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";

export const ITEMS_OPEN = ',"items":[';
const ITEMS_CLOSE = "]}";
/** How much of the file is read at a time. */
const CHUNK_BYTES = 1 << 20;

/** The envelope as lines of text, ready to be written one after another. */
export function* envelopeLines(envelope: { items: readonly unknown[] } & Record<string, unknown>): Generator<string> {
  const { items, ...header } = envelope;
  yield `${JSON.stringify(header).slice(0, -1)}${ITEMS_OPEN}\n`;
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) yield `${JSON.stringify(items[i])}${i < last ? "," : ""}\n`;
  yield `${ITEMS_CLOSE}\n`;
}

/**
 * The lines of a file, decoded one at a time, without their newline. Reads are synchronous on
 * purpose: a command waits for its cache file anyway, and a round trip through libuv's thread
 * pool per read costs a cache hit more than the read itself. One buffer is reused; decoding
 * line by line keeps every string small and short-lived (a whole decoded chunk would be a
 * large string that only a full garbage collection frees).
 *
 * The buffer is sized to the file (one byte more, so the read that finds the end needs no
 * room of its own), up to a chunk: a fresh 1 MiB per small file cost `cache ls` more than the
 * reads, and the garbage collections it caused. Small ones come from Node's shared pool.
 */
function* fileLines(fd: number): Generator<string> {
  let buffer = Buffer.allocUnsafe(Math.min(fstatSync(fd).size + 1, CHUNK_BYTES));
  let start = 0;
  let end = 0;
  for (;;) {
    if (end === buffer.length) {
      if (start > 0) {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      } else {
        // One line longer than the buffer.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, end);
        buffer = bigger;
      }
    }
    const bytesRead = readSync(fd, buffer, end, buffer.length - end, null);
    if (bytesRead === 0) break;
    end += bytesRead;
    // A newline byte never occurs inside a multi-byte UTF-8 character.
    for (
      let newline = buffer.indexOf(0x0a, start);
      newline >= 0 && newline < end;
      newline = buffer.indexOf(0x0a, start)
    ) {
      yield buffer.toString("utf8", start, newline);
      start = newline + 1;
    }
  }
  if (start < end) yield buffer.toString("utf8", start, end);
}

export type ParsedFile =
  | { kind: "ok"; header: Record<string, unknown>; items: unknown[] }
  | { kind: "skipped"; header: Record<string, unknown> }
  | { kind: "missing" }
  | { kind: "corrupt"; reason: string };

/**
 * What a reader decides on seeing the header: refuse the file (a reason), skip its items, read
 * them, or leave them for later (`streamEnvelopeItems`) once the file is seen to be complete.
 */
export type HeaderVerdict = { refuse: string } | "skip" | "read" | "later";

export interface FileReader {
  /** Sees the header (the envelope without its items) before any item. */
  accept(header: Record<string, unknown>): HeaderVerdict;
  /** Turns each raw item into what is kept (undefined drops it), while the file is read. */
  keep(item: unknown, header: Record<string, unknown>): unknown;
}

/** Why a file cannot be used; thrown inside this module and by `streamEnvelopeItems`. */
export class UnusableFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Opens a file in the line layout and parses its header; undefined when it has another layout. */
function openLines(fd: number): { header: Record<string, unknown>; lines: Generator<string> } | undefined {
  const lines = fileLines(fd);
  const first = lines.next();
  if (first.done === true) throw new UnusableFile("empty file");
  if (!first.value.endsWith(ITEMS_OPEN)) return undefined;
  const parsed = parseJson(`${first.value}]}`);
  if (!isObject(parsed)) throw new UnusableFile("not valid JSON (truncated?)");
  const { items: _none, ...header } = parsed;
  return { header, lines };
}

/** The item lines after the header, each turned into what `keep` keeps (undefined dropped). */
function* itemLines(lines: Iterable<string>, keep: (item: unknown) => unknown): Generator<unknown> {
  let count = 0;
  let closed = false;
  for (const line of lines) {
    if (closed) {
      if (line.trim() !== "") throw new UnusableFile("unexpected data after the items");
      continue;
    }
    if (line === ITEMS_CLOSE) {
      closed = true;
      continue;
    }
    const item = parseJson(line.endsWith(",") ? line.slice(0, -1) : line);
    if (item === undefined) throw new UnusableFile(`not valid JSON at item ${count + 1} (truncated?)`);
    count++;
    const kept = keep(item);
    if (kept !== undefined) yield kept;
  }
  if (!closed) throw new UnusableFile("not valid JSON (truncated?)");
}

/** Runs `read` on an open file; a bad file becomes `corrupt`, a bug in the reader is rethrown. */
function withFile(path: string, read: (fd: number) => ParsedFile): ParsedFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return failedOpen(error);
  }
  try {
    return read(fd);
  } catch (error) {
    if (error instanceof UnusableFile) return { kind: "corrupt", reason: error.reason };
    if (typeof (error as NodeJS.ErrnoException).code !== "string") throw error; // a bug in `keep`, not a bad file
    return failedOpen(error);
  } finally {
    closeSync(fd);
  }
}

export function readEnvelopeFile(path: string, reader: FileReader): ParsedFile {
  return withFile(path, (fd) => {
    const opened = openLines(fd);
    if (opened === undefined) return readWhole(path, reader);
    const { header, lines } = opened;
    const verdict = reader.accept(header);
    if (verdict === "skip") return { kind: "skipped", header };
    if (verdict === "later")
      return endsComplete(fd)
        ? { kind: "skipped", header }
        : { kind: "corrupt", reason: "not valid JSON (truncated?)" };
    if (verdict !== "read") return { kind: "corrupt", reason: verdict.refuse };
    return { kind: "ok", header, items: [...itemLines(lines, (item) => reader.keep(item, header))] };
  });
}

/**
 * The kept items of a file, read as they are asked for: a caller that prints each one as it
 * comes holds one item at a time, however large the file. The header is checked again (the
 * file may have been replaced since it was first looked at); anything wrong with the file
 * throws `UnusableFile`, possibly after some items were already yielded.
 */
export function* streamEnvelopeItems(path: string, reader: FileReader): Generator<unknown, void, undefined> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const failed = failedOpen(error);
    throw new UnusableFile(failed.kind === "corrupt" ? failed.reason : "removed while it was being read");
  }
  try {
    const opened = openLines(fd);
    if (opened === undefined) {
      const whole = readWhole(path, reader);
      if (whole.kind === "corrupt") throw new UnusableFile(whole.reason);
      if (whole.kind === "ok") yield* whole.items;
      return;
    }
    const verdict = reader.accept(opened.header);
    if (typeof verdict === "object") throw new UnusableFile(verdict.refuse);
    yield* itemLines(opened.lines, (item) => reader.keep(item, opened.header));
  } finally {
    closeSync(fd);
  }
}

export const NEWLINE = 0x0a;
export const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** "\n]}" at `at`, then a newline or the end: the line `]}`, exactly as the readers want it. */
export function isClosingLine(buffer: Buffer, at: number, end: number): boolean {
  return (
    at + 3 <= end &&
    buffer[at] === NEWLINE &&
    buffer[at + 1] === 0x5d &&
    buffer[at + 2] === 0x7d &&
    (at + 3 === end || buffer[at + 3] === NEWLINE)
  );
}

/** How far back from the end `endsComplete` looks for the closing line past trailing blanks. */
const TAIL_BYTES = 4096;

/**
 * Whether the file's last line that is not blank is the closing `]}` line, as `itemLines`
 * requires: a cheap check for a truncated file, reading only its tail.
 */
function endsComplete(fd: number): boolean {
  const size = fstatSync(fd).size;
  const length = Math.min(size, TAIL_BYTES);
  const tail = Buffer.alloc(length);
  const end = readSync(fd, tail, 0, length, size - length);
  let last = end - 1;
  while (last >= 0 && isBlank(tail[last])) last--;
  return last >= 2 && isClosingLine(tail, last - 2, end);
}

/** A file in another layout: parsed whole, then the same checks. */
export function readWhole(path: string, reader: FileReader): ParsedFile {
  const text = readFileSync(path, "utf8");
  const json = parseJson(text);
  if (json === undefined)
    return { kind: "corrupt", reason: text.length === 0 ? "empty file" : "not valid JSON (truncated?)" };
  if (!isObject(json)) {
    // Valid JSON of another shape: the reader's check says what is wrong with it.
    const verdict = reader.accept(json as Record<string, unknown>);
    return { kind: "corrupt", reason: typeof verdict === "object" ? verdict.refuse : "not a JSON object" };
  }
  const { items, ...header } = json;
  const verdict = reader.accept(header);
  if (typeof verdict === "object") return { kind: "corrupt", reason: verdict.refuse };
  if (!Array.isArray(items)) return { kind: "corrupt", reason: "items must be an array" };
  if (verdict === "skip" || verdict === "later") return { kind: "skipped", header };
  const kept: unknown[] = [];
  for (const item of items) {
    const value = reader.keep(item, header);
    if (value !== undefined) kept.push(value);
  }
  return { kind: "ok", header, items: kept };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function failedOpen(error: unknown): ParsedFile {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { kind: "missing" };
  return { kind: "corrupt", reason: `unreadable (${code ?? "error"})` };
}
