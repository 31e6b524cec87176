/**
 * The cache as a stream of entries, for `cache ls` and `cache clear`. Only a marked root (or
 * one holding nothing but awstriage's layout) is walked (root-marker.ts), only the layout's
 * places are looked at (walk.ts), and each entry is judged from its header (entries.ts) and
 * handed on as the walk finds it, never gathered into a list: a cache of a million files costs
 * the memory of a folder's sorted names (walk.ts), not of a million entries, and the walk gives
 * the event loop a turn every thousand names, so Ctrl-C ends even a long one.
 */
import { resolve } from "node:path";
import { canList } from "./own-files.js";
import { inspect, type CacheEntry, type EntryFilter, type Listed } from "./entries.js";
import { isOpenToOthers } from "./layout.js";
import { hasRoleFolderShape, safeSegment } from "./paths.js";
import { assertCacheRoot } from "./root-marker.js";
import { walkCache, walkIdentity } from "./walk.js";

/** Folders of the layout this user could not read: the first, to name it, and how many. */
export interface Unreadable {
  first: string | undefined;
  count: number;
}

export const noneUnreadable = (): Unreadable => ({ first: undefined, count: 0 });

export interface ListOptions {
  now: number;
  ttlMs: number;
  filter?: EntryFilter;
  /** Told once when the root or a folder in it is writable by others without the sticky bit. */
  onWarning?: (message: string) => void;
  /** Counts the folders of the layout that could not be read (the listing is incomplete). */
  unreadable?: Unreadable;
  /** Told each folder once everything under it was listed (`cache clear` removes those it emptied). */
  leaveFolder?: (path: string) => void;
}

/** What the walk does at each folder: note an unreadable one, warn once about one others may write. */
function folderVisitor(options: ListOptions): (folder: string) => void {
  let warned = false;
  const { unreadable } = options;
  return (folder) => {
    if (unreadable !== undefined && !canList(folder)) {
      unreadable.first ??= folder;
      unreadable.count++;
    }
    if (warned || options.onWarning === undefined || !isOpenToOthers(folder)) return;
    warned = true;
    options.onWarning(
      `${folder} is writable by other users (and not sticky): they could plant or swap cache entries; chmod o-w it`,
    );
  };
}

/** Identity folders whose owner is remembered; past this many they are forgotten (and looked up again). */
const OWNERS_KEPT = 4096;

/**
 * The profile an identity folder's readable envelopes name (the first found, in any script
 * folder walked), to place its unreadable files; undefined when none is readable. Looked up
 * when first needed, because the envelope that tells may come later in the walk than the file.
 */
function ownerFinder(root: string, now: number, script: string | undefined) {
  const known = new Map<string, string | undefined>();
  return async (identity: string): Promise<string | undefined> => {
    if (known.has(identity)) return known.get(identity);
    let owner: string | undefined;
    for await (const loc of walkIdentity(root, identity, script)) {
      owner = loc.kind === "entry" ? inspect(loc, now, 0).named : undefined;
      if (owner !== undefined) break;
    }
    if (known.size >= OWNERS_KEPT) known.clear();
    known.set(identity, owner);
    return owner;
  };
}

/** The entries the filter keeps, each with what `cache clear` may do with it. */
async function* listed(root: string, options: ListOptions): AsyncGenerator<Listed> {
  const visitFolder = folderVisitor(options);
  visitFolder(root);
  const { script, profile } = options.filter ?? {};
  const own = profile === undefined ? undefined : safeSegment(profile);
  const ownerOf = ownerFinder(root, options.now, script);
  const walk = walkCache(root, { script, enterFolder: visitFolder, leaveFolder: options.leaveFolder });
  for await (const loc of walk) {
    const one = inspect(loc, options.now, options.ttlMs);
    if (profile === undefined || loc.identity === own) {
      // No filter, or the profile's own folder (it holds only its entries).
      yield one;
    } else if (one.named !== undefined) {
      if (one.named === profile) yield one;
    } else {
      // An unreadable file in a role folder: the folder's readable envelopes name the profile
      // (exactly, so "prod" never takes "prod-eu"'s); with none readable, only its shape can tell.
      const owner = await ownerOf(loc.identity);
      if (owner === undefined ? hasRoleFolderShape(loc.identity, profile) : owner === profile) yield one;
    }
  }
}

async function* nothing<T>(): AsyncGenerator<T> {}

/**
 * The entries under the root (or those of one script or profile), each with its removability,
 * as the walk finds them. The root is checked at once (exit 2 before anything is listed); an
 * absent root is an empty cache.
 */
export function listWithRemovability(rootDir: string, options: ListOptions): AsyncIterable<Listed> {
  const root = resolve(rootDir);
  if (assertCacheRoot(root) === "absent") return nothing<Listed>();
  return listed(root, options);
}

/**
 * `cache ls`'s entries one at a time, in path order (a folder of more than SORTED_NAMES_MAX in
 * the file system's order; walk.ts). An unreadable entry, or a temp file, is listed with its
 * `error`, never a crash. A root that does not look like an awstriage cache is refused (exit 2)
 * before anything is printed.
 */
export function streamCacheEntries(rootDir: string, options: ListOptions): AsyncIterable<CacheEntry> {
  const listing = listWithRemovability(rootDir, options);
  return (async function* () {
    for await (const one of listing) yield one.entry;
  })();
}

/** Every entry, as a list: for callers that know the cache is small (tests, mostly). */
export async function listCacheEntries(rootDir: string, options: ListOptions): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for await (const entry of streamCacheEntries(rootDir, options)) entries.push(entry);
  return entries;
}
