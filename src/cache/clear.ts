/**
 * `cache clear`: removes what entries.ts lists as removable (files awstriage wrote, its own
 * temp files of interrupted writes older than an hour), then the
 * folders that became empty. Never the root, never anything else.
 */
import { rmdirSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fail } from "../errors/errors.js";
import { listWithRemovability, type CacheEntry, type EntryFilter } from "./entries.js";

export interface Cleared {
  removed: CacheEntry[];
  bytes: number;
  /** Listed but kept: not written by awstriage (as far as its header says), or a temp file still young. */
  kept: CacheEntry[];
  /** Folders of the layout this user could not read: what is in them was neither listed nor removed. */
  unreadable: string[];
}

/**
 * Removes what `cache clear` may (see the top of this file), then the folders that became
 * empty (never the root). A file that cannot be removed (a read-only file system, say) stops
 * it with exit 2 naming the file and the errno; what was removed until then stays removed.
 */
export async function clearCacheEntries(
  rootDir: string,
  filter: EntryFilter,
  now: number,
  unlink: (path: string) => void = unlinkSync,
): Promise<Cleared> {
  const root = resolve(rootDir);
  const unreadable: string[] = [];
  const listed = listWithRemovability(root, { now, ttlMs: 0, filter, unreadable });
  const removed: CacheEntry[] = [];
  const kept: CacheEntry[] = [];
  for (const { entry, removable } of listed) {
    if (removable === undefined) {
      kept.push(entry);
      continue;
    }
    try {
      unlink(entry.path);
      removed.push(entry);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue;
      if (typeof code !== "string") throw error;
      throw fail("CacheClearFailed", { path: entry.path, code, removedBefore: removed.length });
    }
  }
  removeEmptiedFolders(root, removed);
  return { removed, bytes: removed.reduce((sum, e) => sum + e.bytes, 0), kept, unreadable };
}

function removeEmptiedFolders(root: string, removed: CacheEntry[]): void {
  const folders = new Set<string>();
  for (const entry of removed) {
    const rel = entry.path.slice(root.length + 1).split(/[\\/]/);
    for (let depth = rel.length - 1; depth >= 1; depth--) folders.add(join(root, ...rel.slice(0, depth)));
  }
  // Deepest first, so a region folder goes before its identity folder; a folder still holding
  // anything (another profile's entries, a foreign file) stays.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      // not empty, or already gone
    }
  }
}
