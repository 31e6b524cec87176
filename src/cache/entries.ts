/**
 * A cache entry as `cache ls` lists it and `cache clear` judges it: what one file at an
 * entry's place in the layout (layout.ts) is, read from its header alone. `cache clear`
 * removes only files whose header says awstriage wrote them and temp files of interrupted
 * writes older than an hour that are the user's own regular files beginning as awstriage
 * writes them. Symbolic links are never removed: awstriage writes none, so a link is a
 * person's (listed, with its error, and kept). The walk over them is listing.ts.
 * No AWS, no credentials. Synchronous per file (a header read), so a shared buffer serves all.
 */
import { lstatSync } from "node:fs";
import { isOurTempFile } from "./own-files.js";
import { UnusableFile, withEnvelopeFile } from "./envelope-file.js";
import { envelopeProblem, isAwstriageHeader, type EnvelopeHeader } from "./envelope.js";
import type { Located } from "./layout.js";
import { entryAge, isFresh } from "./policy.js";

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

/** What one file at an entry's place is: its entry as listed, and whether `cache clear` may remove it. */
export function inspect(loc: Located, now: number, ttlMs: number): Listed {
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
