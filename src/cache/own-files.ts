/**
 * What `cache ls` and `cache clear` may assume about a file or folder they meet: whether this
 * user can list a folder (another user's 0700 folder: no, and the listing says so), and whether
 * an old temp-named file is one awstriage left (only those are removed).
 */
import { accessSync, closeSync, constants, openSync, readSync, type Stats } from "node:fs";

/** Whether this user may list the folder (another user's 0700 folder: no). */
export function canList(folder: string): boolean {
  try {
    accessSync(folder, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What a temp file awstriage writes begins with (the envelope's first key, see envelope-file.ts). */
const TEMP_START = '{"schemaVersion":';

/**
 * Whether an old temp-named file is one awstriage left: the user's own regular file (never a
 * link), empty (killed before the first write) or beginning as an envelope does. A file a
 * person named so in a folder that only looks like a cache (`--cache-dir ~` with a forged
 * marker) is kept.
 */
export function isOurTempFile(path: string, stats: Stats): boolean {
  if (!stats.isFile() || stats.uid !== process.geteuid?.()) return false;
  if (stats.size === 0) return true;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const start = Buffer.alloc(TEMP_START.length);
    readSync(fd, start, 0, start.length, 0);
    return start.toString("utf8") === TEMP_START;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
