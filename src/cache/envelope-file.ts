/**
 * The bytes of a cache file, opened once and read through the one line reader (line-reader.ts).
 * A file is one JSON document (DESIGN.md's envelope), laid out so it can be read an item at a time:
 *
 *     {"schemaVersion":1,"script":"ec2",...,"awstriageVersion":"0.1.0","items":[
 *     {...first item...},
 *     {...last item...}
 *     ]}
 *
 * JSON.stringify never writes a raw newline inside a value, so each item is exactly one line.
 * Reading line by line keeps memory bounded by what the command keeps of each item (a record,
 * often) rather than by the whole file plus every raw item parsed from it. A small file in any
 * other layout (written by hand, or compact) is still read, whole.
 *
 * Only regular files are opened, and never through a symbolic link: a planted link or FIFO in
 * the cache is unusable, and opening a FIFO never blocks; so is another user's file (root's
 * excepted) or one anyone may write (fs/ownership.ts): a shared cache serves nothing forged.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats } from "node:fs";
import { untrustedEntry } from "../fs/ownership.js";
import { endsWithClosingLine, LineReader, UnusableFile } from "./line-reader.js";

export { UnusableFile } from "./line-reader.js";

export const ITEMS_OPEN = ',"items":[';
const ITEMS_CLOSE = "]}";
/**
 * The longest header line read (a file in another layout is all header). Longer is unusable,
 * so what one entry costs to look at is bounded whatever is in the folder.
 */
export const HEADER_MAX_BYTES = 1 << 20;

/** The envelope as lines of text, ready to be written one after another. */
export function* envelopeLines(envelope: { items: readonly unknown[] } & Record<string, unknown>): Generator<string> {
  const { items, ...header } = envelope;
  yield `${JSON.stringify(header).slice(0, -1)}${ITEMS_OPEN}\n`;
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) yield `${JSON.stringify(items[i])}${i < last ? "," : ""}\n`;
  yield `${ITEMS_CLOSE}\n`;
}

/** An open cache file: its header (not checked here), and its items read on demand. */
export interface EnvelopeFile {
  /** The envelope without its items, as parsed; the caller checks it. */
  readonly header: Record<string, unknown>;
  readonly bytes: number;
  /** The items, parsed a line at a time as they are asked for; a damaged file throws UnusableFile. */
  items(): Generator<unknown>;
  /** How many items, without parsing any; a truncated file throws UnusableFile. */
  countItems(): number;
  /** Whether the file ends with its closing line: a truncation check that reads only the tail. */
  isComplete(): boolean;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** `cache ls` reads hundreds of headers one after another: one buffer of this size serves them all. */
export const SHARED_BUFFER_BYTES = 1 << 16;
let sharedBuffer: Buffer | undefined;

export type Failure = { kind: "missing" } | { kind: "unusable"; reason: string; bytes: number };

/**
 * Opens `path` and reads its header; the caller closes it. Anything wrong with the file (not
 * a regular file, unreadable, a header that is not JSON or too long) is `unusable`.
 *
 * `shareBuffer`: reuse one buffer across calls. Only for callers that close the file before
 * anything else can open one (synchronous from open to close, as `cache ls` is).
 */
export function openEnvelopeFile(
  path: string,
  options: { shareBuffer?: boolean } = {},
): { kind: "open"; file: EnvelopeFile; close(): void } | Failure {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return openFailure(path, error);
  }
  let bytes = 0;
  try {
    const stats = fstatSync(fd);
    bytes = stats.size;
    const notFile = notRegular(stats) ?? untrustedEntry(stats);
    if (notFile !== undefined) throw new UnusableFile(notFile);
    let reader: LineReader;
    if (options.shareBuffer) {
      sharedBuffer ??= Buffer.allocUnsafe(SHARED_BUFFER_BYTES);
      reader = new LineReader(fd, sharedBuffer);
    } else {
      reader = LineReader.sizedFor(fd, bytes);
    }
    const file = openedFile(fd, reader, bytes);
    return { kind: "open", file, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    return asFailure(error, bytes);
  }
}

/**
 * `openEnvelopeFile`, then `use`, then close. What `use` finds wrong with the file (an
 * UnusableFile, a read error) is `unusable` too; any other exception is a bug, and rethrown.
 */
export function withEnvelopeFile<T>(
  path: string,
  use: (file: EnvelopeFile) => T,
  options: { shareBuffer?: boolean } = {},
): T | Failure {
  const opened = openEnvelopeFile(path, options);
  if (opened.kind !== "open") return opened;
  try {
    return use(opened.file);
  } catch (error) {
    return asFailure(error, opened.file.bytes);
  } finally {
    opened.close();
  }
}

/** A problem with the file as a result; anything else (a bug) is rethrown. */
export function asFailure(error: unknown, bytes: number): Failure {
  if (error instanceof UnusableFile) return { kind: "unusable", reason: error.reason, bytes };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== "string") throw error;
  return { kind: "unusable", reason: `unreadable (${code})`, bytes };
}

function openedFile(fd: number, reader: LineReader, bytes: number): EnvelopeFile {
  const first = reader.line(HEADER_MAX_BYTES);
  if (first === undefined) throw new UnusableFile("empty file");
  if (first.endsWith(ITEMS_OPEN)) {
    // The header without its items: the line up to `,"items":[`, closed (cheaper than parsing
    // it with an empty list and copying every other key out).
    const header = parseJson(`${first.slice(0, -ITEMS_OPEN.length)}}`);
    if (!isObject(header)) throw new UnusableFile("not valid JSON (truncated?)");
    return {
      header,
      bytes,
      items: () => itemLines(reader),
      countItems: () => {
        const { linesBefore, closes } = reader.countRest();
        if (!closes) throw new UnusableFile("not valid JSON (truncated?)");
        return linesBefore;
      },
      isComplete: () => endsWithClosingLine(fd, bytes),
    };
  }
  // Another layout: the whole file is its header, so the same cap applies to all of it.
  if (bytes > HEADER_MAX_BYTES)
    throw new UnusableFile(`not in awstriage's line layout, and larger than ${HEADER_MAX_BYTES} bytes`);
  return wholeFile(`${first}\n${reader.rest()}`, bytes);
}

function wholeFile(text: string, bytes: number): EnvelopeFile {
  const json = parseJson(text);
  if (json === undefined) throw new UnusableFile("not valid JSON (truncated?)");
  if (!isObject(json)) {
    // Valid JSON of another shape: the caller's header check says what is wrong with it.
    return {
      header: json as Record<string, unknown>,
      bytes,
      items: noItems,
      countItems: () => 0,
      isComplete: () => true,
    };
  }
  const { items, ...header } = json;
  const list = () => {
    if (!Array.isArray(items)) throw new UnusableFile("items must be an array");
    return items as unknown[];
  };
  return {
    header,
    bytes,
    items: function* () {
      yield* list();
    },
    countItems: () => list().length,
    isComplete: () => list() !== undefined,
  };
}

function* noItems(): Generator<unknown> {}

/** The item lines after the header, parsed one at a time. */
function* itemLines(reader: LineReader): Generator<unknown> {
  let count = 0;
  let closed = false;
  for (let line = reader.line(); line !== undefined; line = reader.line()) {
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
    yield item;
  }
  if (!closed) throw new UnusableFile("not valid JSON (truncated?)");
}

/** What is at the path when it is not a regular file, said for people. */
function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  const what = stats.isDirectory()
    ? "a folder"
    : stats.isFIFO()
      ? "a FIFO"
      : stats.isSymbolicLink()
        ? "a symbolic link"
        : stats.isSocket()
          ? "a socket"
          : "a device";
  return `${what}, not a regular file`;
}

function openFailure(path: string, error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { kind: "missing" };
  let stats: Stats | undefined;
  try {
    stats = lstatSync(path);
  } catch {
    // gone, or not even that can be read
  }
  const bytes = stats?.size ?? 0;
  // O_NOFOLLOW refuses a symbolic link with ELOOP; the link is never followed.
  if (stats !== undefined && (code === "ELOOP" || code === "ENXIO")) {
    const reason = notRegular(stats);
    if (reason !== undefined) return { kind: "unusable", reason, bytes };
  }
  return { kind: "unusable", reason: `unreadable (${code ?? "error"})`, bytes };
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
