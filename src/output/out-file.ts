/**
 * `--out PATH`, written as shell redirection (`> PATH`) would decide, but atomically where it can:
 * - nothing at PATH: a new file (the umask applies), by temp file and rename;
 * - a regular file the user may write: replaced by temp file and rename, keeping its mode (and,
 *   for root, its owner); through a symbolic link, the file it points at is replaced;
 * - a character device, FIFO or `/dev/stdout`-style path: written through, never renamed over;
 * - anything else (a folder, a file the user may not write, a dangling link): refused, exit 2,
 *   and nothing there changes.
 */
import { constants } from "node:fs";
import { access, lstat, open, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { writeToFifo } from "../fs/fifo-write.js";
import { fail } from "../errors/errors.js";

type OutTarget = { kind: "new" } | { kind: "file"; path: string; stats: Stats } | { kind: "stream" } | { kind: "fifo" };

async function statOrUndefined(path: string, follow: boolean): Promise<Stats | undefined> {
  try {
    return follow ? await stat(path) : await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** What is at `path`, and so how `--out` may write it (throws OutRefused). */
export async function outTarget(path: string): Promise<OutTarget> {
  const stats = await statOrUndefined(path, true);
  if (stats === undefined) {
    if ((await statOrUndefined(path, false))?.isSymbolicLink())
      throw fail("OutRefused", { path, reason: "is a symbolic link to nothing" });
    return { kind: "new" };
  }
  if (stats.isFIFO()) return { kind: "fifo" };
  if (stats.isCharacterDevice()) return { kind: "stream" };
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? "a folder" : stats.isBlockDevice() ? "a block device" : "not a regular file";
    throw fail("OutRefused", { path, reason: `is ${what}` });
  }
  try {
    await access(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw fail("OutRefused", { path, reason: `is a file you may not write (${code})` });
  }
  return { kind: "file", path: await realpath(path), stats };
}

async function writeThrough(path: string, text: string): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

export async function writeOutFile(path: string, text: string): Promise<void> {
  const target = await outTarget(path);
  switch (target.kind) {
    case "new":
      return writeFileAtomic(path, text, { mode: 0o644 });
    case "stream":
      return writeThrough(path, text);
    case "fifo":
      return writeToFifo(path, text);
    case "file": {
      const { mode, uid, gid } = target.stats;
      const owner = process.getuid?.() === 0 && uid !== 0 ? { uid, gid } : undefined;
      return writeFileAtomic(target.path, text, { mode: mode & 0o7777, exactMode: true, owner });
    }
  }
}
