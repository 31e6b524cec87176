/**
 * The cache as a list of entries, for `cache ls` and `cache clear`. Only a marked root (or
 * one holding nothing but awstriage's layout) is walked (root-marker.ts), only the layout's
 * places are looked at (layout.ts), and `cache clear` removes only files whose header says
 * awstriage wrote them and temp files of interrupted writes older than an hour that are the
 * user's own regular files beginning as awstriage writes them. Symbolic links are never
 * removed: awstriage writes none, so a link is a person's (listed, with its error, and kept).
 * No AWS, no credentials. Synchronous on purpose (see layout.ts).
 */
import { lstatSync } from "node:fs";
import { resolve } from "node:path";
import { canList, isOurTempFile } from "./own-files.js";
import { UnusableFile, withEnvelopeFile } from "./envelope-file.js";
import { envelopeProblem, isAwstriageHeader, type EnvelopeHeader } from "./envelope.js";
import { isOpenToOthers, walkCache, type Located } from "./layout.js";
import { hasRoleFolderShape, safeSegment } from "./paths.js";
import { entryAge, isFresh } from "./policy.js";
import { assertCacheRoot } from "./root-marker.js";

export { CACHE_SCRIPTS } from "./layout.js";

/** A temp file older than this is left by a killed run, not a write in progress (`cache clear` removes it). */
export const STALE_TEMP_MS = 60 * 60_000;

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
  /** Why the entry cannot be used (truncated, another schema, a temp file…); null when it is fine. */
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
  /** Only this script folder (sts, ec2, ...). */
  script?: string | undefined;
  /** Only this profile's entries, its assumed-role identities included. */
  profile?: string | undefined;
}

/** What `cache clear` may remove of an entry: a file awstriage wrote, or an old temp file it left. */
export type Removable = "envelope" | "stale-temp" | undefined;

export interface Listed {
  loc: Located;
  entry: CacheEntry;
  /** The profile a readable envelope names. */
  named: string | undefined;
  removable: Removable;
}

export interface ListOptions {
  now: number;
  ttlMs: number;
  filter?: EntryFilter;
  /** Told once when the root or a folder in it is writable by others without the sticky bit. */
  onWarning?: (message: string) => void;
  /** Filled with the folders of the layout that could not be read (the listing is incomplete). */
  unreadable?: string[];
}

function inspect(loc: Located, now: number, ttlMs: number): Listed {
  const unusable = (error: string, bytes: number, removable: Removable): Listed => ({
    loc,
    named: undefined,
    removable,
    entry: {
      path: loc.path,
      script: loc.script,
      resource: loc.kind === "temp" ? loc.file : loc.file.replace(/\.json$/, ""),
      profile: loc.identity,
      region: loc.region,
      account: null,
      fetchedAt: null,
      ageSeconds: null,
      fresh: false,
      items: null,
      bytes,
      error,
    },
  });
  if (loc.kind === "temp") return tempFile(loc, now, unusable);
  const outcome = withEnvelopeFile(
    loc.path,
    (file) => {
      const ours = isAwstriageHeader(file.header);
      const problem = envelopeProblem(file.header);
      if (problem !== undefined) return { kind: "refused" as const, problem, ours, bytes: file.bytes };
      try {
        return {
          kind: "ok" as const,
          header: file.header as EnvelopeHeader,
          items: file.countItems(),
          bytes: file.bytes,
        };
      } catch (error) {
        // A truncated file under a good header: awstriage wrote it, so `cache clear` may remove it.
        if (!(error instanceof UnusableFile)) throw error;
        return { kind: "refused" as const, problem: error.reason, ours, bytes: file.bytes };
      }
    },
    { shareBuffer: true },
  );
  if (outcome.kind === "missing") return unusable("removed while listing", 0, undefined);
  if (outcome.kind === "unusable") return unusable(outcome.reason, outcome.bytes, undefined);
  if (outcome.kind === "refused")
    return unusable(outcome.problem, outcome.bytes, outcome.ours ? "envelope" : undefined);
  const e = outcome.header;
  const entry: CacheEntry = {
    path: loc.path,
    script: e.script,
    resource: e.resource,
    profile: e.profile,
    region: e.region,
    account: e.account,
    fetchedAt: e.fetchedAt,
    ageSeconds: Math.round(Math.max(0, entryAge(e, now)) / 1000),
    fresh: isFresh(e, ttlMs, now),
    items: outcome.items,
    bytes: outcome.bytes,
    error: null,
  };
  return { loc, entry, named: e.profile, removable: "envelope" };
}

/** A temp file: listed with its age; removable once older than STALE_TEMP_MS. */
function tempFile(
  loc: Located,
  now: number,
  unusable: (error: string, bytes: number, removable: Removable) => Listed,
): Listed {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(loc.path);
  } catch {
    return unusable("removed while listing", 0, undefined);
  }
  const ageMs = Math.max(0, now - stats.mtimeMs);
  const old = ageMs >= STALE_TEMP_MS;
  const listed = unusable(
    old
      ? `temp file left by an interrupted write, ${Math.round(ageMs / 60_000)} min old`
      : "temp file of a write in progress (or just interrupted)",
    stats.size,
    old && isOurTempFile(loc.path, stats) ? "stale-temp" : undefined,
  );
  listed.entry.ageSeconds = Math.round(ageMs / 1000);
  return listed;
}

/** What the walk does at each folder: note an unreadable one, warn once about one others may write. */
function folderVisitor(options: ListOptions): (folder: string) => void {
  let warned = false;
  return (folder) => {
    if (options.unreadable !== undefined && !canList(folder)) options.unreadable.push(folder);
    if (warned || options.onWarning === undefined || !isOpenToOthers(folder)) return;
    warned = true;
    options.onWarning(
      `${folder} is writable by other users (and not sticky): they could plant or swap cache entries; chmod o-w it`,
    );
  };
}

export function listWithRemovability(rootDir: string, options: ListOptions): Listed[] {
  const root = resolve(rootDir);
  if (assertCacheRoot(root) === "absent") return [];
  const filter = options.filter ?? {};
  const visitFolder = folderVisitor(options);
  visitFolder(root);
  /** Each entry, with the profile its envelope names when it is readable. */
  const listed: Listed[] = [];
  /** Identity folder → the profile its readable envelopes name, to place its unreadable files. */
  const owners = new Map<string, string>();
  for (const loc of walkCache(root, { script: filter.script, visitFolder })) {
    const one = inspect(loc, options.now, options.ttlMs);
    if (one.named !== undefined) owners.set(loc.identity, one.named);
    listed.push(one);
  }
  const profile = filter.profile;
  if (profile === undefined) return listed;
  const folder = safeSegment(profile);
  return listed.filter(({ loc, named }) => {
    // The profile's own folder holds only its entries; a readable envelope names its profile.
    if (loc.identity === folder) return true;
    if (named !== undefined) return named === profile;
    // An unreadable file in a role folder: the folder's readable envelopes name the profile
    // (exactly, so "prod" never takes "prod-eu"'s); with none readable, only its shape can tell.
    const owner = owners.get(loc.identity);
    return owner === undefined ? hasRoleFolderShape(loc.identity, profile) : owner === profile;
  });
}

/**
 * `cache ls`'s entries one at a time, as the walk finds them (in path order), so a cache of a
 * million files costs the memory of one entry, not of the list; the event loop gets a turn
 * every thousand entries, so Ctrl-C ends even a long walk. The root is checked first (exit 2
 * before anything is printed). With a --profile filter the list is built first: an unreadable
 * file is placed by the envelopes of its folder, which may come later in the walk.
 */
export function streamCacheEntries(rootDir: string, options: ListOptions): AsyncIterable<CacheEntry> {
  const root = resolve(rootDir);
  if (options.filter?.profile !== undefined || assertCacheRoot(root) === "absent")
    return toAsync(listWithRemovability(root, options).map((l) => l.entry));
  const visitFolder = folderVisitor(options);
  visitFolder(root);
  return (async function* () {
    let count = 0;
    for (const loc of walkCache(root, { script: options.filter?.script, visitFolder })) {
      yield inspect(loc, options.now, options.ttlMs).entry;
      if (++count % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * Every entry under the root (or those of one script or profile), sorted by path. An
 * unreadable entry, or a temp file, is listed with its `error`, never a crash. A root that
 * does not look like an awstriage cache is refused (exit 2); an absent one is empty.
 */
export async function listCacheEntries(rootDir: string, options: ListOptions): Promise<CacheEntry[]> {
  return listWithRemovability(rootDir, options).map((l) => l.entry);
}
