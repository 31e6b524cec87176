/**
 * `cache clear` as the unit tests look at it: the entries it removed and kept, as lists (the
 * real thing only counts them, so a million entries cost no memory), checked against its counts.
 */
import { clearCacheEntries } from "../../src/cache/clear.js";
import type { CacheEntry, EntryFilter } from "../../src/cache/entries.js";

export async function clearCollecting(
  root: string,
  filter: EntryFilter,
  now: number,
  unlink?: (path: string) => void,
): Promise<{ removed: CacheEntry[]; kept: CacheEntry[]; bytes: number }> {
  const removed: CacheEntry[] = [];
  const kept: CacheEntry[] = [];
  const cleared = await clearCacheEntries(root, filter, now, {
    ...(unlink === undefined ? {} : { unlink }),
    onEntry: (entry, gone) => (gone ? removed : kept).push(entry),
  });
  if (cleared.removed !== removed.length || cleared.kept !== kept.length)
    throw new Error(`cache clear counted ${cleared.removed}/${cleared.kept}, told ${removed.length}/${kept.length}`);
  if (cleared.bytes !== removed.reduce((sum, e) => sum + e.bytes, 0)) throw new Error("cache clear's bytes are off");
  return { removed, kept, bytes: cleared.bytes };
}
