/**
 * The cache as a list of entries, for `cache ls` and `cache clear`. It walks the layout
 * `<root>/<script>/<identity>/<region>/<file>.json` and nothing else, so `cache clear` never
 * touches a file awstriage did not write, even when --cache-dir points somewhere unexpected.
 * No AWS, no credentials: envelopes are read with the store's `readEnvelope`.
 */
import { readdir, rmdir, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { mapLimit } from "../concurrency.js";
import { readEnvelope } from "./store.js";
import { cacheIdentity, safeSegment } from "./paths.js";

/** Files read at once: enough to hide file-system latency, few enough to stay under fd limits. */
export const READ_CONCURRENCY = 32;

export interface CacheEntry {
  path: string;
  script: string;
  resource: string;
  /** The profile as the user gave it (from the envelope; the folder name if unreadable). */
  profile: string;
  region: string;
  account: string | null;
  fetchedAt: string | null;
  ageSeconds: number | null;
  /** Younger than --ttl, i.e. a run now would use it without calling AWS. */
  fresh: boolean;
  items: number | null;
  bytes: number;
  /** Why the entry cannot be used (truncated, another schema…); null when it is fine. */
  error: string | null;
}

export const CACHE_ENTRY_COLUMNS = ["script", "resource", "profile", "region", "account", "ageSeconds", "fresh", "items", "bytes", "error", "path"] as const;

export interface EntryFilter {
  script?: string | undefined;
  profile?: string | undefined;
}

interface Location {
  path: string;
  script: string;
  identity: string;
  region: string;
  file: string;
}

async function dirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

async function jsonFiles(path: string): Promise<string[]> {
  try {
    // Dot files are temp files of writes in progress (or of a crash); they are not entries.
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isFile() && d.name.endsWith(".json") && !d.name.startsWith(".")).map((d) => d.name);
  } catch {
    return [];
  }
}

async function locate(root: string, filter: EntryFilter): Promise<Location[]> {
  const scripts = filter.script === undefined ? await dirs(root) : [safeSegment(filter.script)];
  const regionDirs = (
    await Promise.all(
      scripts.map(async (script) =>
        (await Promise.all((await dirs(join(root, script))).map(async (identity) => (await dirs(join(root, script, identity))).map((region) => ({ script, identity, region }))))).flat(),
      ),
    )
  ).flat();
  const files = await mapLimit(regionDirs, READ_CONCURRENCY, async (d) =>
    (await jsonFiles(join(root, d.script, d.identity, d.region))).map((file) => ({ ...d, file, path: join(root, d.script, d.identity, d.region, file) })),
  );
  return files.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Every entry under the root (or those of one script or profile), sorted by path. An
 * unreadable entry is listed with its `error`, never a crash.
 */
export async function listCacheEntries(rootDir: string, options: { now: number; ttlMs: number; filter?: EntryFilter }): Promise<CacheEntry[]> {
  const root = resolve(rootDir);
  const filter = options.filter ?? {};
  const identity = filter.profile === undefined ? undefined : cacheIdentity(filter.profile);
  const entries = await mapLimit(await locate(root, filter), READ_CONCURRENCY, async (loc): Promise<CacheEntry | undefined> => {
    // Items are counted as the file is read, not kept: a listing needs no item in memory.
    let items = 0;
    const countItem = (): undefined => void items++;
    const [outcome, info] = await Promise.all([readEnvelope(loc.path, options.now, { mapItem: countItem }), stat(loc.path).catch(() => undefined)]);
    const bytes = info?.size ?? 0;
    if (outcome.kind === "hit") {
      const e = outcome.envelope;
      // Role identities have their own folder; the envelope names the profile they came from.
      if (filter.profile !== undefined && e.profile !== filter.profile && loc.identity !== identity) return undefined;
      return {
        path: loc.path,
        script: e.script,
        resource: e.resource,
        profile: e.profile,
        region: e.region,
        account: e.account,
        fetchedAt: e.fetchedAt,
        ageSeconds: Math.round(outcome.ageMs / 1000),
        fresh: outcome.ageMs < options.ttlMs,
        items,
        bytes,
        error: null,
      };
    }
    if (filter.profile !== undefined && loc.identity !== identity) return undefined;
    return {
      path: loc.path,
      script: loc.script,
      resource: loc.file.replace(/\.json$/, ""),
      profile: loc.identity,
      region: loc.region,
      account: null,
      fetchedAt: null,
      ageSeconds: null,
      fresh: false,
      items: null,
      bytes,
      error: outcome.kind === "missing" ? "removed while listing" : outcome.kind === "corrupt" ? outcome.reason : outcome.kind,
    };
  });
  return entries.filter((e): e is CacheEntry => e !== undefined);
}

/** Removes the entries `listCacheEntries` finds, then the folders that became empty (never the root). */
export async function clearCacheEntries(rootDir: string, filter: EntryFilter, now: number): Promise<{ removed: CacheEntry[]; bytes: number }> {
  const root = resolve(rootDir);
  const entries = await listCacheEntries(root, { now, ttlMs: 0, filter });
  const removed: CacheEntry[] = [];
  await mapLimit(entries, READ_CONCURRENCY, async (entry) => {
    try {
      await unlink(entry.path);
      removed.push(entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  });
  const folders = new Set<string>();
  for (const entry of removed) {
    const rel = entry.path.slice(root.length + 1).split(/[\\/]/);
    for (let depth = rel.length - 1; depth >= 1; depth--) folders.add(join(root, ...rel.slice(0, depth)));
  }
  // Deepest first, so a region folder goes before its identity folder.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) await rmdir(folder).catch(() => undefined);
  return { removed: removed.sort((a, b) => (a.path < b.path ? -1 : 1)), bytes: removed.reduce((sum, e) => sum + e.bytes, 0) };
}
