/**
 * The one reader of cache file bytes: lines, decoded one at a time, or counted without being
 * decoded. Every cache read goes through it: the whole-file read of a cache hit, the streamed
 * read of `logs search`, and `cache ls` counting items.
 *
 * Reads are synchronous on purpose: a command waits for its cache file anyway, and a round
 * trip through libuv's thread pool per read costs a cache hit more than the read itself.
 */
import { readSync } from "node:fs";

export const NEWLINE = 0x0a;
/** How much of the file is read at a time. */
const CHUNK_BYTES = 1 << 20;

/** Why a file cannot be used. */
export class UnusableFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** "\n]}" at `at`, then a newline or the end: the line `]}`, exactly as the readers want it. */
function isClosingLine(buffer: Buffer, at: number, end: number): boolean {
  return (
    at + 3 <= end &&
    buffer[at] === NEWLINE &&
    buffer[at + 1] === 0x5d &&
    buffer[at + 2] === 0x7d &&
    (at + 3 === end || buffer[at + 3] === NEWLINE)
  );
}

/** What `countRest` found after the lines already read. */
export interface LineCount {
  /** Lines before the last line that is not blank. */
  linesBefore: number;
  /** Whether that last line is the closing `]}` line (false for no such line). */
  closes: boolean;
}

export class LineReader {
  private start = 0;
  private end = 0;
  /** The file offset of buffer[0]. */
  private offset = 0;
  private done = false;

  /**
   * `buffer` is reused as long as lines fit; a longer line grows a buffer of this reader's
   * own. The store gives one sized to the file (a fresh 1 MiB per small file cost more than
   * the reads); `cache ls` reuses one buffer across files.
   */
  constructor(
    private readonly fd: number,
    private buffer: Buffer,
  ) {}

  static sizedFor(fd: number, size: number): LineReader {
    return new LineReader(fd, Buffer.allocUnsafe(Math.min(size + 1, CHUNK_BYTES)));
  }

  /** Reads more into the buffer; false at the end of the file. */
  private fill(maxLine: number): boolean {
    if (this.done) return false;
    if (this.end === this.buffer.length) {
      if (this.start > 0) {
        this.buffer.copy(this.buffer, 0, this.start, this.end);
        this.offset += this.start;
        this.end -= this.start;
        this.start = 0;
      } else {
        // One line longer than the buffer.
        if (this.buffer.length >= maxLine) throw new UnusableFile(`a line longer than ${maxLine} bytes`);
        const bigger = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, Math.max(maxLine, 1)));
        this.buffer.copy(bigger, 0, 0, this.end);
        this.buffer = bigger;
      }
    }
    const bytesRead = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, this.offset + this.end);
    if (bytesRead === 0) this.done = true;
    this.end += bytesRead;
    return bytesRead > 0;
  }

  /**
   * The next line without its newline, decoded; undefined at the end. A line longer than
   * `maxLine` bytes throws UnusableFile before more than that is held. Decoding line by line
   * keeps every string small and short-lived (a whole decoded chunk would be a large string
   * that only a full garbage collection frees).
   */
  line(maxLine = Number.POSITIVE_INFINITY): string | undefined {
    let from = this.start;
    for (;;) {
      // A newline byte never occurs inside a multi-byte UTF-8 character.
      const newline = this.buffer.indexOf(NEWLINE, from);
      if (newline >= 0 && newline < this.end) {
        if (newline - this.start > maxLine) throw new UnusableFile(`a line longer than ${maxLine} bytes`);
        const text = this.buffer.toString("utf8", this.start, newline);
        this.start = newline + 1;
        return text;
      }
      from = this.end;
      const before = this.start;
      if (!this.fill(maxLine)) break;
      from -= before - this.start; // the buffer may have moved
    }
    if (this.start >= this.end) return undefined;
    if (this.end - this.start > maxLine) throw new UnusableFile(`a line longer than ${maxLine} bytes`);
    const text = this.buffer.toString("utf8", this.start, this.end);
    this.start = this.end;
    return text;
  }

  /** Everything not read yet, decoded (for files in another layout, already capped in size). */
  rest(): string {
    const parts: string[] = [];
    for (;;) {
      if (this.start < this.end) parts.push(this.buffer.toString("utf8", this.start, this.end));
      this.start = this.end;
      if (!this.fill(Number.POSITIVE_INFINITY)) break;
    }
    return parts.join("");
  }

  /**
   * Counts the lines not read yet without decoding them, and says whether the last line that
   * is not blank is the closing `]}` line. Counted in a one-byte string with V8's own indexOf
   * rather than a call into Node per line: latin1 maps each byte to one character, and no
   * UTF-8 character contains byte 0x0a.
   */
  countRest(): LineCount {
    let newlines = 0;
    let seenContent = false;
    let newlinesAfterContent = 0;
    /** Undefined: not decidable within its read (the closing line straddles two), look again. */
    let closes: boolean | undefined = false;
    let contentEnd = -1;
    const firstContent = this.offset + this.start;
    for (;;) {
      const { buffer, start: from, end } = this;
      const text = buffer.toString("latin1", from, end);
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) newlines++;
      let last = end - 1;
      let trailing = 0;
      for (; last >= from && isBlank(buffer[last]); last--) if (buffer[last] === NEWLINE) trailing++;
      if (last >= from) {
        seenContent = true;
        contentEnd = this.offset + last + 1;
        newlinesAfterContent = trailing;
        // Decided here when "\n]}" and the byte after it are in this read (the usual "]}\n" end).
        closes = last >= 2 && last + 1 < end ? isClosingLine(buffer, last - 2, end) : undefined;
      } else {
        newlinesAfterContent += trailing;
      }
      this.offset += end;
      this.start = 0;
      this.end = 0;
      if (!this.fill(Number.POSITIVE_INFINITY)) break;
    }
    if (seenContent && closes === undefined) {
      // "\n]}" starts before this count began when `]}` is the first thing counted.
      const tail = Buffer.alloc(4);
      closes =
        contentEnd - 3 >= firstContent - 1 && isClosingLine(tail, 0, readSync(this.fd, tail, 0, 4, contentEnd - 3));
    }
    return { linesBefore: newlines - newlinesAfterContent, closes: seenContent && closes === true };
  }
}

/** How far back from the end `endsWithClosingLine` looks past trailing blanks. */
const TAIL_BYTES = 4096;

/**
 * Whether the file's last line that is not blank is the closing `]}` line: a cheap check for
 * a truncated file, reading only its tail.
 */
export function endsWithClosingLine(fd: number, size: number): boolean {
  const length = Math.min(size, TAIL_BYTES);
  const tail = Buffer.alloc(length);
  const end = readSync(fd, tail, 0, length, size - length);
  let last = end - 1;
  while (last >= 0 && isBlank(tail[last])) last--;
  return last >= 2 && isClosingLine(tail, last - 2, end);
}
