/**
 * The JSON cache in front of every fetcher: `cached(settings, key, fetch)`.
 *
 * - served from disk, with no AWS call, when the policy says so (policy.ts: fresh, or any age
 *   --offline; never with --force, never another account's, never from the future);
 * - --offline: a missing or unusable file is exit 5 naming the file;
 * - otherwise fetch, then write (writer.ts). A failed write is a warning: the result is still printed.
 *
 * Concurrent writers are last-writer-wins, with no lock: each writes its own temp file and
 * renames it over the target (atomic-write.ts), so a reader sees one whole file or another.
 * Every writer holds a complete, equally valid snapshot, so which one wins does not matter,
 * and a lock would add stale-lock handling for killed runs (docs/reliability.md, "Concurrent runs").
 */
import { fail } from "../errors/errors.js";
import type { Logger } from "../output/log.js";
import { VERSION } from "../version.js";
import { UnusableFile } from "./envelope-file.js";
import { CACHE_SCHEMA_VERSION, type Envelope, type TimeWindow } from "./envelope.js";
import { cacheFilePath, type CacheLocation } from "./paths.js";
import { judgeEntry, type CachePolicy } from "./policy.js";
import { mapItems, readEnvelope, streamItems, type ItemMapper } from "./reader.js";
import { writeEnvelope } from "./writer.js";
import { rootNotOurs, warnIfOpenToOthers, warnOnce } from "./run-warnings.js";

export { isImmutableEntry, LATE_DATA_MS } from "./policy.js";
export { CACHE_SCHEMA_VERSION, envelopeProblem, envelopeSchema, type Envelope, type TimeWindow } from "./envelope.js";
export { readEnvelope, streamItems, type ItemContext, type ItemMapper, type ReadOutcome } from "./reader.js";
export { writeEnvelope } from "./writer.js";

export interface CacheSettings extends CachePolicy {
  root: string;
}

export interface CacheKey extends CacheLocation {
  /** The profile name as the user gave it (the identity folder may be sanitised or include a role). */
  profile: string;
  params: Record<string, unknown>;
  /**
   * The account the run already knows (its identity); an entry naming another account is not
   * served as this one's: a warning and a refetch (exit 5 offline).
   */
  expectAccount?: string | null | undefined;
}

/** Where a result came from; goes to the context line and to `--out`. */
export interface Source {
  path: string;
  script: string;
  resource: string;
  region: string;
  fetchedAt: string;
  fromCache: boolean;
  ageSeconds: number;
  /** Served past --ttl because its window had closed before it was fetched (see isImmutableEntry). */
  immutable?: boolean | undefined;
  /** A cached relative window's end (it ended when fetched): how far the data lags now. */
  windowEnd?: string | undefined;
}

export interface Fetched<T> {
  items: T[];
  /** The account the data belongs to; may resolve after the items (STS runs concurrently). */
  account: string | null | Promise<string | null>;
  window?: TimeWindow | undefined;
}

export interface CachedResult<T> {
  items: T[];
  account: string | null;
  source: Source;
}

/** A result whose items, on a cache hit, are read from the file only as they are iterated. */
export interface StreamedResult<T> extends Omit<CachedResult<T>, "items"> {
  items: Iterable<T>;
}

/** What `cached` and `cachedStream` take: settings, key, the fetch, a logger, a clock, and `mapItem` (see ItemMapper). */
type CachedArgs<T, R> = [
  settings: CacheSettings,
  key: CacheKey,
  fetch: () => Promise<Fetched<T>>,
  log: Logger,
  now?: () => number,
  mapItem?: ItemMapper<T, R>,
];

/** `mapItem` (see ItemMapper) decides what is kept of each item; without it, every raw item. */
export function cached<T, R = T>(...args: CachedArgs<T, R>): Promise<CachedResult<R>> {
  return cachedAs(args, false) as Promise<CachedResult<R>>;
}

/**
 * `cached`, except that a cache hit's items are read only as they are iterated, so a command
 * that prints them as they come holds one at a time (`logs search` over a large window).
 */
export function cachedStream<T, R = T>(...args: CachedArgs<T, R>): Promise<StreamedResult<R>> {
  return cachedAs(args, true);
}

async function cachedAs<T, R>(
  [settings, key, fetch, log, now = Date.now, mapItem]: CachedArgs<T, R>,
  itemsLater: boolean,
): Promise<StreamedResult<R>> {
  const path = cacheFilePath(settings.root, key);
  const base = { path, script: key.script, resource: key.resource, region: key.region };
  const foreignRoot = rootNotOurs(settings.root);
  if (foreignRoot !== undefined) {
    if (settings.offline) throw fail("CacheRootNotYours", { root: settings.root, reason: foreignRoot });
    warnOnce(log, { root: settings.root }, `not using the cache folder: it is ${foreignRoot}; fetching without it`);
  } else warnIfOpenToOthers(settings.root, path, log);

  if (!settings.force && foreignRoot === undefined) {
    const at = now();
    const mapper = mapItem as ItemMapper<unknown, R> | undefined;
    const outcome = await readEnvelope(path, at, {
      mapItem: mapper,
      judge: (header) => judgeEntry(header, settings, at, { account: key.expectAccount }),
      itemsLater,
    });
    if (outcome.kind === "hit" || outcome.kind === "usable") {
      const header = outcome.kind === "hit" ? outcome.envelope : outcome.header;
      const ageSeconds = Math.round(outcome.ageMs / 1000);
      const immutable = outcome.immutable === true;
      log.debug({ path, ageSeconds, immutable }, "cache hit");
      return {
        items: outcome.kind === "hit" ? outcome.envelope.items : streamItems(path, mapper),
        account: header.account,
        source: {
          ...base,
          fetchedAt: header.fetchedAt,
          fromCache: true,
          ageSeconds,
          ...(immutable ? { immutable } : {}),
          ...(endedWhenFetched(header) ? { windowEnd: header.window?.end } : {}),
        },
      };
    }
    const unusable =
      outcome.kind === "corrupt"
        ? outcome.reason
        : outcome.kind === "stale" && outcome.why !== "stale"
          ? outcome.detail
          : undefined;
    if (settings.offline) {
      if (unusable !== undefined) throw fail("CacheUnusable", { path, reason: unusable });
      throw fail("OfflineMiss", {
        resource: `${key.script}/${key.resource}`,
        profile: key.profile,
        region: key.region,
        path,
      });
    }
    if (unusable !== undefined) log.warn({ path }, `ignoring unusable cache file: ${unusable}; fetching again`);
  }

  const fetchedAtMs = now();
  const fetched = await fetch();
  const account = await fetched.account;
  const envelope: Envelope = {
    schemaVersion: CACHE_SCHEMA_VERSION,
    script: key.script,
    resource: key.resource,
    profile: key.profile,
    account,
    region: key.region,
    params: key.params,
    fetchedAt: new Date(fetchedAtMs).toISOString(),
    awstriageVersion: VERSION,
    ...(fetched.window === undefined ? {} : { window: fetched.window }),
    // Round-trip through JSON so a fresh result is byte-for-byte what a cache hit returns
    // (Dates become ISO strings), and normalizers see one shape online and offline.
    items: JSON.parse(JSON.stringify(fetched.items)) as unknown[],
  };
  const items = mapFresh(envelope.items as T[], { account, region: key.region }, mapItem, key);
  if (foreignRoot !== undefined)
    return { items, account, source: { ...base, fetchedAt: envelope.fetchedAt, fromCache: false, ageSeconds: 0 } };
  try {
    const { unmarkedBecause } = await writeEnvelope(path, envelope, settings.root);
    if (unmarkedBecause !== undefined) warnOnce(log, { root: settings.root, holds: unmarkedBecause }, UNMARKED);
  } catch (error) {
    // Once per run: a sweep of many fetches into an unwritable folder says it once, not per fetch.
    warnOnce(
      log,
      { path, code: (error as NodeJS.ErrnoException).code },
      "could not write the cache (the result is still printed); pass --cache-dir <dir> or set AWSTRIAGE_CACHE_DIR to a folder you can write",
    );
  }
  return { items, account, source: { ...base, fetchedAt: envelope.fetchedAt, fromCache: false, ageSeconds: 0 } };
}

/** A relative window that ended at its fetch (no --until): served now, its end lags by the entry's age. */
function endedWhenFetched(header: { fetchedAt: string; window?: TimeWindow | undefined }): boolean {
  const { window } = header;
  if (window === undefined || window.fixed === true) return false;
  return Date.parse(header.fetchedAt) - Date.parse(window.end) < 60_000;
}

/** Fresh items through the mapper; an item it refuses was AWS's answer, so that is an AWS failure. */
function mapFresh<T, R>(
  items: T[],
  context: { account: string | null; region: string },
  mapItem: ItemMapper<T, R> | undefined,
  key: CacheKey,
): R[] {
  try {
    return mapItems(items, context, mapItem);
  } catch (error) {
    if (!(error instanceof UnusableFile)) throw error;
    throw fail("UnexpectedAnswer", {
      resource: `${key.script}/${key.resource}`,
      region: key.region,
      reason: error.reason,
    });
  }
}

const UNMARKED =
  "the cache root holds files awstriage did not write, so it is not marked as an awstriage cache: `cache ls` and `cache clear` will refuse it; point --cache-dir at a folder of its own";
