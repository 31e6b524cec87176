/**
 * The cache as a list of entries, for `cache ls` and `cache clear`. It walks the layout
 * `<root>/<script>/<identity>/<region>/<file>.json` and nothing else, so `cache clear` never
 * touches a file awstriage did not write, even when --cache-dir points somewhere unexpected.
 * No AWS, no credentials: envelopes are checked with `inspectEnvelope` (envelope-inspect.ts).
 *
 * Everything here is synchronous on purpose: a listing is hundreds of tiny directory reads,
 * stats and reads, and sending each through libuv's thread pool cost `cache ls` more time
 * waiting than the file system took.
 */
import { readdirSync, rmdirSync, unlinkSync, type Dirent } from "node:fs";
import { join, resolve, sep } from "node:path";
import { inspectEnvelope } from "./envelope-inspect.js";
import { hasRoleFolderShape, safeSegment } from "./paths.js";

/** The script folders awstriage writes (`script:` of every cached fetch, sts for the caller identity). */
export const CACHE_SCRIPTS = ["sts", "ec2", "lambda", "cloudwatch", "logs"] as const;

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

export const CACHE_ENTRY_COLUMNS = [
  "script",
  "resource",
  "profile",
  "region",
  "account",
  "ageSeconds",
  "fresh",
  "items",
  "bytes",
  "error",
  "path",
] as const;

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

function children(path: string, keep: (d: Dirent) => boolean): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter(keep)
      .map((d) => d.name);
  } catch {
    return [];
  }
}

const isDir = (d: Dirent) => d.isDirectory();
// Dot files are temp files of writes in progress (or of a crash); they are not entries.
const isEntryFile = (d: Dirent) => d.isFile() && d.name.endsWith(".json") && !d.name.startsWith(".");

function locate(root: string, filter: EntryFilter): Location[] {
  // Plain concatenation, not path.join: the names come from readdir (no separators, no dots
  // to resolve), and join's normalising was half the walk's time over hundreds of folders.
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  const found: Location[] = [];
  for (const script of filter.script === undefined ? children(base, isDir) : [safeSegment(filter.script)]) {
    const scriptDir = `${base}${script}`;
    for (const identity of children(scriptDir, isDir)) {
      const identityDir = `${scriptDir}${sep}${identity}`;
      for (const region of children(identityDir, isDir)) {
        const dir = `${identityDir}${sep}${region}`;
        for (const file of children(dir, isEntryFile))
          found.push({ path: `${dir}${sep}${file}`, script, identity, region, file });
      }
    }
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Every entry under the root (or those of one script or profile), sorted by path. An
 * unreadable entry is listed with its `error`, never a crash.
 */
export async function listCacheEntries(
  rootDir: string,
  options: { now: number; ttlMs: number; filter?: EntryFilter },
): Promise<CacheEntry[]> {
  const root = resolve(rootDir);
  const filter = options.filter ?? {};
  /** Each entry, with the profile its envelope names when it is readable. */
  const listed: { loc: Location; entry: CacheEntry; named: string | undefined }[] = [];
  /** Identity folder → the profile its readable envelopes name, to place its unreadable files. */
  const owners = new Map<string, string>();
  for (const loc of locate(root, filter)) {
    const outcome = inspectEnvelope(loc.path, options.now);
    if (outcome.kind === "ok") {
      const e = outcome.header;
      owners.set(loc.identity, e.profile);
      const entry: CacheEntry = {
        path: loc.path,
        script: e.script,
        resource: e.resource,
        profile: e.profile,
        region: e.region,
        account: e.account,
        fetchedAt: e.fetchedAt,
        ageSeconds: Math.round(outcome.ageMs / 1000),
        fresh: outcome.ageMs < options.ttlMs,
        items: outcome.items,
        bytes: outcome.bytes,
        error: null,
      };
      listed.push({ loc, entry, named: e.profile });
      continue;
    }
    const entry: CacheEntry = {
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
      bytes: outcome.kind === "missing" ? 0 : outcome.bytes,
      error: outcome.kind === "missing" ? "removed while listing" : outcome.reason,
    };
    listed.push({ loc, entry, named: undefined });
  }
  const profile = filter.profile;
  if (profile === undefined) return listed.map((l) => l.entry);
  const folder = safeSegment(profile);
  return listed
    .filter(({ loc, named }) => {
      // The profile's own folder holds only its entries; a readable envelope names its profile.
      if (loc.identity === folder) return true;
      if (named !== undefined) return named === profile;
      // An unreadable file in a role folder: the folder's readable envelopes name the profile
      // (exactly, so "prod" never takes "prod-eu"'s); with none readable, only its shape can tell.
      const owner = owners.get(loc.identity);
      return owner === undefined ? hasRoleFolderShape(loc.identity, profile) : owner === profile;
    })
    .map((l) => l.entry);
}

/** Removes the entries `listCacheEntries` finds, then the folders that became empty (never the root). */
export async function clearCacheEntries(
  rootDir: string,
  filter: EntryFilter,
  now: number,
): Promise<{ removed: CacheEntry[]; bytes: number }> {
  const root = resolve(rootDir);
  const entries = await listCacheEntries(root, { now, ttlMs: 0, filter });
  const removed: CacheEntry[] = [];
  for (const entry of entries) {
    try {
      unlinkSync(entry.path);
      removed.push(entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
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
  return { removed, bytes: removed.reduce((sum, e) => sum + e.bytes, 0) };
}
