/**
 * Whole-file writes that a reader, a concurrent writer or Ctrl-C can never see half done:
 * the text goes to a temporary file in the target's folder (same file system, so the rename
 * is atomic on POSIX), then is renamed over the target. Each writer has its own temporary
 * name, so concurrent writers never share one; the last rename wins.
 *
 * Temporary files being written are tracked, so the signal handler in cli.ts can remove
 * them before the process exits: an interrupted run leaves neither a partial target nor a
 * stray temporary file.
 */
import { unlinkSync } from "node:fs";
import { link, open, rename, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { lazyCrypto } from "../process/lazy-builtins.js";

/** Temporary files written right now (absolute paths). */
export const pendingTempFiles = new Set<string>();

/** Synchronous, because it runs in a signal handler right before `process.exit`. */
export function removePendingTempFiles(): void {
  for (const temp of pendingTempFiles) {
    try {
      unlinkSync(temp);
    } catch {
      // already renamed into place, or not created yet
    }
    pendingTempFiles.delete(temp);
  }
}

/** `.<name>.<pid>.<random>.tmp`: hidden, unique per process and per write. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${lazyCrypto().randomBytes(4).toString("hex")}.tmp`);
}

export function isTempFileName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
}

export interface AtomicWriteOptions {
  /** Mode of the new file. */
  mode: number;
  /**
   * Set the mode exactly with chmod after creating the file. `open`'s mode is filtered by
   * the umask; the cache wants exactly 0600 whatever the umask, a user's `--out` file wants
   * the usual umask behaviour.
   */
  exactMode?: boolean;
  /** Give the new file this owner (only root can; a user's `--out` file keeps its owner). */
  owner?: { uid: number; gid: number } | undefined;
  /**
   * Never replace what is at `path`: the complete temp file is hard-linked to it (EEXIST when
   * anything, even a dangling symbolic link or a FIFO, is already there), then removed.
   */
  noReplace?: boolean;
}

/** Text given in pieces is written in blocks of about this many characters. */
const BLOCK_CHARS = 1 << 20;

/** Writes pieces of text in blocks, so a large file never becomes one string in memory. */
async function writePieces(handle: FileHandle, pieces: Iterable<string>): Promise<void> {
  let block = "";
  for (const piece of pieces) {
    block += piece;
    if (block.length >= BLOCK_CHARS) {
      await handle.write(block);
      block = "";
    }
  }
  if (block !== "") await handle.write(block);
}

/** `text` may come in pieces (a generator of lines, say): they are written as they come. */
export async function writeFileAtomic(
  path: string,
  text: string | Iterable<string>,
  options: AtomicWriteOptions,
): Promise<void> {
  const temp = tempPathFor(path);
  pendingTempFiles.add(temp);
  try {
    const handle = await open(temp, "wx", options.mode);
    try {
      if (typeof text === "string") await handle.writeFile(text);
      else await writePieces(handle, text);
      if (options.exactMode) await handle.chmod(options.mode);
      if (options.owner !== undefined) await handle.chown(options.owner.uid, options.owner.gid);
    } finally {
      await handle.close();
    }
    if (options.noReplace) {
      await link(temp, path);
      await unlink(temp);
    } else await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  } finally {
    pendingTempFiles.delete(temp);
  }
}
