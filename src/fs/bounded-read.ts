/**
 * Reading a small file someone named (a config file, an accounts list): bounded and
 * interruptible whatever is at the path (docs/reliability.md, "Every read ends").
 * - opened with O_NONBLOCK, so a FIFO with no writer never blocks the open;
 * - only a regular file is read: a FIFO, a device (`/dev/zero`), a folder or a socket is
 *   refused before any byte is read;
 * - a file larger than the cap is refused from its size, and at most cap + 1 bytes are ever
 *   read (a file growing while read is refused too);
 * - read asynchronously, so Ctrl-C and SIGTERM are handled between reads.
 */
import { constants, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { errnoText } from "./errno-text.js";

export type ReadProblem =
  | { kind: "unreadable"; code: string }
  | { kind: "not-regular"; what: string }
  | { kind: "too-large"; limit: number };

export class BoundedReadError extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problemText(problem));
  }
}

/** The problem said for people, after the path: "is a FIFO, not a regular file". */
export function problemText(problem: ReadProblem): string {
  switch (problem.kind) {
    case "unreadable":
      return `cannot read it (${errnoText(problem.code)})`;
    case "not-regular":
      return `is ${problem.what}, not a regular file`;
    case "too-large":
      return `is larger than ${sizeText(problem.limit)}`;
  }
}

function sizeText(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes >> 20} MiB` : `${bytes} bytes`;
}

export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The file's text (UTF-8) and its stats as opened (the caller judges its owner); throws BoundedReadError. */
export async function readBoundedFile(path: string, limit: number): Promise<{ text: string; stats: Stats }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw new BoundedReadError({ kind: "unreadable", code: (error as NodeJS.ErrnoException).code ?? "error" });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new BoundedReadError({ kind: "not-regular", what: fileKind(stats) });
    if (stats.size > limit) throw new BoundedReadError({ kind: "too-large", limit });
    // Sized from the file, grown only if it grows while read; one byte past the cap tells
    // "too large" from "exactly the cap".
    let buffer = Buffer.allocUnsafe(Math.min(limit, stats.size) + 1);
    let used = 0;
    for (;;) {
      if (used === buffer.length) {
        if (used > limit) throw new BoundedReadError({ kind: "too-large", limit });
        buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(limit + 1, used * 2) - used)]);
      }
      const { bytesRead } = await handle.read(buffer, used, buffer.length - used, used);
      if (bytesRead === 0) break;
      used += bytesRead;
    }
    return { text: buffer.toString("utf8", 0, used), stats };
  } catch (error) {
    if (error instanceof BoundedReadError) throw error;
    throw new BoundedReadError({ kind: "unreadable", code: (error as NodeJS.ErrnoException).code ?? "error" });
  } finally {
    await handle.close();
  }
}

/** stdin (`--accounts -`), with the same cap; a pipe or terminal is read as a stream, interruptibly. */
export async function readBoundedStdin(limit: number, input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let used = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    used += bytes.length;
    if (used > limit) {
      (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new BoundedReadError({ kind: "too-large", limit });
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}
