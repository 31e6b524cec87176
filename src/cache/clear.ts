/**
 * `cache clear`: removes what listing.ts hands on as removable (files awstriage wrote, its own
 * temp files of interrupted writes older than an hour) as the walk finds them, and each folder
 * it emptied as soon as the walk leaves it. Never the root, never anything else. Nothing is
 * gathered into a list: a cache of a million files costs what the walk holds (walk.ts), and
 * Ctrl-C between two files leaves whole entries and, at worst, an empty folder.
 */
import { rmdirSync, unlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fail } from "../errors/errors.js";
import type { CacheEntry, EntryFilter } from "./entries.js";
import { listWithRemovability, noneUnreadable, type Unreadable } from "./listing.js";

export interface Cleared {
  removed: number;
  bytes: number;
  /** Listed but kept: not written by awstriage (as far as its header says), or a temp file still young. */
  kept: number;
  /** Folders of the layout this user could not read: what is in them was neither listed nor removed. */
  unreadable: Unreadable;
}

export interface ClearOptions {
  /** Removes one file (a test stands in a failing file system). */
  unlink?: (path: string) => void;
  /** Told each entry as it is removed or kept. */
  onEntry?: (entry: CacheEntry, removed: boolean) => void;
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
  options: ClearOptions = {},
): Promise<Cleared> {
  const root = resolve(rootDir);
  const unlink = options.unlink ?? unlinkSync;
  const cleared: Cleared = { removed: 0, bytes: 0, kept: 0, unreadable: noneUnreadable() };
  const emptied = emptiedFolders();
  const listing = listWithRemovability(root, {
    now,
    ttlMs: 0,
    filter,
    unreadable: cleared.unreadable,
    leaveFolder: emptied.leave,
  });
  for await (const { entry, removable } of listing) {
    if (removable === undefined) {
      cleared.kept++;
      options.onEntry?.(entry, false);
      continue;
    }
    try {
      unlink(entry.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue;
      if (typeof code !== "string") throw error;
      throw fail("CacheClearFailed", { path: entry.path, code, removedBefore: cleared.removed });
    }
    cleared.removed++;
    cleared.bytes += entry.bytes;
    emptied.removedFrom(entry.path);
    options.onEntry?.(entry, true);
  }
  return cleared;
}

/**
 * The folders that held a removed entry (its region, identity and script folders), removed as
 * the walk leaves them, deepest first, so a region folder goes before its identity folder. A
 * folder still holding anything (another profile's entries, a foreign file) stays. Only the
 * folders the walk is in are remembered: at most three.
 */
function emptiedFolders(): { removedFrom: (path: string) => void; leave: (folder: string) => void } {
  const touched = new Set<string>();
  return {
    removedFrom: (path) => {
      const region = dirname(path);
      const identity = dirname(region);
      touched.add(region).add(identity).add(dirname(identity));
    },
    leave: (folder) => {
      if (!touched.delete(folder)) return;
      try {
        rmdirSync(folder);
      } catch {
        // not empty, or already gone
      }
    },
  };
}
