/**
 * What `cache ls` needs of a cache file, read cheaply: its header, how many items it holds
 * and its size, without parsing any item (the layout is described in envelope-file.ts).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import {
  failedOpen,
  isBlank,
  isClosingLine,
  isObject,
  ITEMS_OPEN,
  NEWLINE,
  parseJson,
  readWhole,
} from "./envelope-file.js";
// Not imported by store.ts: this module is for `cache ls` only, and stays off the cache-hit path.
import { envelopeProblem, type Envelope } from "./store.js";

export type InspectedFile =
  | { kind: "ok"; header: Record<string, unknown>; items: number; bytes: number }
  | { kind: "corrupt"; reason: string; bytes: number }
  | { kind: "missing" };

/**
 * The bytes `inspectEnvelopeFile` reads at a time, reused from one call to the next. Safe
 * because the function is synchronous from open to close and calls nothing that could
 * inspect another file meanwhile (the header check is a zod parse).
 */
export const INSPECT_BYTES = 1 << 16;
let inspectBuffer: Buffer | undefined;

/**
 * What `cache ls` needs of a file: its size, its header (checked by `problem`) and how many
 * items it holds, without parsing any item. In the line layout each item is one line, so the
 * items are the newlines between the header line and the closing `]}` line; a file that does
 * not end with that line is truncated. An item line that is not JSON goes unnoticed here (the
 * store still refuses the file when it reads it): a listing should cost a stat and a read, not
 * a parse of every item. A file in another layout is read whole, as the store reads it.
 */
export function inspectEnvelopeFile(
  path: string,
  problem: (header: Record<string, unknown>) => string | undefined,
): InspectedFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return inspectFailure(error, () => sizeOf(path));
  }
  try {
    return inspectOpen(fd, path, problem);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== "string") throw error; // a bug, not a bad file
    return inspectFailure(error, () => sizeOf(path));
  } finally {
    closeSync(fd);
  }
}

/**
 * A file read to its end learns its size from the reads; fstat (and the Stats object it
 * builds) is only called for a file given up on early.
 */
function inspectOpen(
  fd: number,
  path: string,
  problem: (header: Record<string, unknown>) => string | undefined,
): InspectedFile {
  const corrupt = (reason: string, bytes = fstatSync(fd).size): InspectedFile => ({ kind: "corrupt", reason, bytes });
  inspectBuffer ??= Buffer.allocUnsafe(INSPECT_BYTES);
  let buffer = inspectBuffer;
  // The header line: usually well within the first read; a longer one grows a buffer of its own.
  let end = readSync(fd, buffer, 0, buffer.length, 0);
  if (end === 0) return corrupt("empty file", 0);
  let newline = buffer.indexOf(NEWLINE, 0);
  while (newline < 0 || newline >= end) {
    if (end === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, end);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, end, buffer.length - end, end);
    if (read === 0) break;
    newline = buffer.indexOf(NEWLINE, end);
    end += read;
  }
  const headerEnd = newline >= 0 && newline < end ? newline : end;
  const line = buffer.toString("utf8", 0, headerEnd);
  if (!line.endsWith(ITEMS_OPEN)) return inspectWhole(path, fstatSync(fd).size, problem);
  // The header without its items: the line up to `,"items":[`, closed (cheaper than parsing
  // it with an empty list and copying every other key out).
  const header = parseJson(`${line.slice(0, -ITEMS_OPEN.length)}}`);
  if (!isObject(header)) return corrupt("not valid JSON (truncated?)");
  const refusal = problem(header);
  if (refusal !== undefined) return corrupt(refusal);

  // The body, after the header's newline: count every newline, and remember where the last
  // byte that is not blank ends and how many newlines follow it (blank lines may trail `]}`).
  const bodyStart = headerEnd + 1;
  let newlines = 0;
  let contentEnd = -1;
  let newlinesAfterContent = 0;
  /** Whether the last content is the line `]}` (undefined: not decidable within its read, look again). */
  let closes: boolean | undefined = false;
  let offset = 0; // the file offset of buffer[0]
  let from = Math.min(bodyStart, end);
  for (;;) {
    // Counted in a one-byte string, with V8's own indexOf rather than a call into Node per
    // line: latin1 maps each byte to one character, and no UTF-8 character contains byte 0x0a.
    const text = buffer.toString("latin1", from, end);
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) newlines++;
    let last = end - 1;
    let trailing = 0;
    for (; last >= from && isBlank(buffer[last]); last--) if (buffer[last] === NEWLINE) trailing++;
    if (last >= from) {
      contentEnd = offset + last + 1;
      newlinesAfterContent = trailing;
      // Decided here when "\n]}" and the byte after it are in this read (the usual "]}\n" end).
      closes = last >= 2 && last + 1 < end ? isClosingLine(buffer, last - 2, end) : undefined;
    } else {
      newlinesAfterContent += trailing;
    }
    offset += end;
    if (buffer !== inspectBuffer) buffer = inspectBuffer; // drop a grown header buffer
    end = readSync(fd, buffer, 0, buffer.length, offset);
    if (end === 0) break;
    from = 0;
  }
  const bytes = offset;
  if (contentEnd >= bodyStart + 2 && closes === undefined) {
    const tail = Buffer.alloc(4);
    closes = isClosingLine(tail, 0, readSync(fd, tail, 0, 4, contentEnd - 3));
  }
  if (contentEnd < bodyStart + 2 || closes !== true) return corrupt("not valid JSON (truncated?)", bytes);
  return { kind: "ok", header, items: newlines - newlinesAfterContent, bytes };
}

/** A file in another layout: the store's whole-file read, counting the items it would keep. */
function inspectWhole(
  path: string,
  bytes: number,
  problem: (header: Record<string, unknown>) => string | undefined,
): InspectedFile {
  let items = 0;
  const file = readWhole(path, {
    accept: (header) => {
      const refusal = problem(header);
      return refusal === undefined ? "read" : { refuse: refusal };
    },
    keep: () => void items++,
  });
  if (file.kind === "ok") return { kind: "ok", header: file.header, items, bytes };
  if (file.kind === "corrupt") return { ...file, bytes };
  return { kind: "missing" };
}

function inspectFailure(error: unknown, bytes: () => number): InspectedFile {
  const failed = failedOpen(error);
  return failed.kind === "corrupt" ? { ...failed, bytes: bytes() } : { kind: "missing" };
}

/** The size of a file that could not be opened (unreadable, say), for the listing. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export type Inspection =
  | { kind: "ok"; header: Omit<Envelope, "items">; ageMs: number; items: number; bytes: number }
  | { kind: "corrupt"; reason: string; bytes: number }
  | { kind: "missing" };

/**
 * A cache file as `cache ls` shows it: the checked envelope header, its age, how many items
 * and bytes, with no item parsed (see `inspectEnvelopeFile`). Synchronous: a listing reads
 * hundreds of small files, and a round trip through libuv's thread pool for each costs more
 * than the read.
 */
export function inspectEnvelope(path: string, now: number): Inspection {
  const file = inspectEnvelopeFile(path, envelopeProblem);
  if (file.kind !== "ok") return file;
  const header = file.header as Omit<Envelope, "items">;
  return {
    kind: "ok",
    header,
    ageMs: Math.max(0, now - Date.parse(header.fetchedAt)),
    items: file.items,
    bytes: file.bytes,
  };
}
