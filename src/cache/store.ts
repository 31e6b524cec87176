/**
 * The JSON cache in front of every fetcher: `cached(settings, key, fetch)`.
 *
 * - fresh (younger than the TTL) and not --force: served from disk, no AWS call;
 * - --offline: served at any age; a missing or unusable file is exit 5 naming the file;
 * - otherwise fetch, then write atomically (temp file in the same folder, then rename),
 *   folders 0700 and files 0600. A failed write is a warning: the result is still printed.
 *
 * Concurrent writers are last-writer-wins, with no lock: each writes its own temp file and
 * renames it over the target (atomic-write.ts), so a reader sees one whole file or another.
 * Every writer holds a complete, equally valid snapshot, so which one wins does not matter,
 * and a lock would add stale-lock handling for killed runs (README "Reliability").
 */
import { chmod, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
// zod/mini, not zod: this module is on every run's path (see options.ts).
import * as z from "zod/mini";
import { writeFileAtomic } from "../atomic-write.js";
import { fail } from "../errors.js";
import type { Logger } from "../log.js";
import { VERSION } from "../version.js";
import { assertInside, cacheFilePath, type CacheLocation } from "./paths.js";
import { envelopeLines, readEnvelopeFile, streamEnvelopeItems, UnusableFile } from "./envelope-file.js";

export const CACHE_SCHEMA_VERSION = 1;

/**
 * The envelope is validated on every read; items are only checked to be an array, because
 * awstriage wrote them itself and validating every instance would dominate a cache hit.
 * Built on first use, not at import (this module is loaded on runs that read no cache).
 */
const buildEnvelopeSchema = () =>
  z.object({
    schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
    script: z.string(),
    resource: z.string(),
    profile: z.string(),
    account: z.nullable(z.string()),
    region: z.string(),
    params: z.record(z.string(), z.unknown()),
    fetchedAt: z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), "fetchedAt must be a timestamp")),
    awstriageVersion: z.string(),
    /** The absolute time window a windowed fetch (metrics, log searches) covered; the key holds it as typed. */
    window: z.optional(z.object({ start: z.string(), end: z.string(), fixed: z.optional(z.boolean()) })),
    items: z.custom<unknown[]>((value) => Array.isArray(value), "items must be an array"),
  });
let envelopeSchemaInstance: ReturnType<typeof buildEnvelopeSchema> | undefined;
let headerSchema: z.ZodMiniType<unknown> | undefined;

export function envelopeSchema(): ReturnType<typeof buildEnvelopeSchema> {
  envelopeSchemaInstance ??= buildEnvelopeSchema();
  return envelopeSchemaInstance;
}

export type Envelope = z.infer<ReturnType<typeof buildEnvelopeSchema>>;

/** Where an item came from, for mappers that build records. */
export interface ItemContext {
  account: string | null;
  region: string;
}

/**
 * Turns one raw item into what a command keeps, or undefined to drop it. On a cache hit it
 * runs while the file is read, so the raw items are never all in memory at once.
 */
export type ItemMapper<T, R> = (item: T, context: ItemContext) => R | undefined;

/** ISO-8601 UTC start and end of the data a windowed fetch asked for. */
export type TimeWindow = NonNullable<Envelope["window"]>;

export interface CacheSettings {
  root: string;
  ttlMs: number;
  force: boolean;
  offline: boolean;
}

export interface CacheKey extends CacheLocation {
  /** The profile name as the user gave it (the identity folder may be sanitised or include a role). */
  profile: string;
  params: Record<string, unknown>;
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

export type ReadOutcome<R = unknown> =
  | { kind: "hit"; envelope: Omit<Envelope, "items"> & { items: R[] }; ageMs: number }
  | { kind: "stale"; ageMs: number }
  | { kind: "missing" }
  | { kind: "corrupt"; reason: string };

export interface ReadOptions<R> {
  /** What to keep of each item (see ItemMapper); by default, the raw item. */
  mapItem?: ItemMapper<unknown, R> | undefined;
  /** Whether an entry of this age (and header) is usable; if not, its items are not read at all. By default, any age. */
  usable?: ((ageMs: number, header: Record<string, unknown>) => boolean) | undefined;
  /**
   * Check a usable file is complete but leave its items unread: the hit's `items` is empty,
   * and `streamItems` reads them later.
   */
  itemsLater?: boolean | undefined;
}

/** The envelope without its items is validated (items are only checked to be an array). */
export function envelopeProblem(header: Record<string, unknown>): string | undefined {
  headerSchema ??= z.omit(envelopeSchema(), { items: true });
  const parsed = headerSchema.safeParse(header);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `not an awstriage v${CACHE_SCHEMA_VERSION} cache file (${issue?.path.join(".") || "root"}: ${issue?.message})`;
}

/** Reads and checks a cache file; the envelope's items are what `mapItem` kept. */
export async function readEnvelope<R = unknown>(
  path: string,
  now = Date.now(),
  options: ReadOptions<R> = {},
): Promise<ReadOutcome<R>> {
  const { mapItem, usable, itemsLater = false } = options;
  // The file is read synchronously (see envelope-file.ts); yield to the event loop first, so
  // that a caller polling in a loop never starves pending I/O (a concurrent write, say).
  await new Promise<void>((resolve) => setImmediate(resolve));
  let ageMs = 0;
  let usableNow = false;
  const file = readEnvelopeFile(path, {
    accept(header) {
      const problem = envelopeProblem(header);
      if (problem !== undefined) return { refuse: problem };
      ageMs = Math.max(0, now - Date.parse(header.fetchedAt as string));
      usableNow = usable === undefined || usable(ageMs, header);
      if (!usableNow) return "skip";
      return itemsLater ? "later" : "read";
    },
    keep: keeper(mapItem),
  });
  if (file.kind === "skipped")
    return usableNow
      ? { kind: "hit", envelope: { ...(file.header as Omit<Envelope, "items">), items: [] }, ageMs }
      : { kind: "stale", ageMs };
  if (file.kind !== "ok") return file;
  return { kind: "hit", envelope: { ...(file.header as Omit<Envelope, "items">), items: file.items as R[] }, ageMs };
}

function keeper<R>(
  mapItem: ItemMapper<unknown, R> | undefined,
): (item: unknown, header: Record<string, unknown>) => unknown {
  return mapItem === undefined ? (item) => item : (item, header) => mapItem(item, header as unknown as ItemContext);
}

/**
 * The items of a cache file as `mapItem` keeps them, read one at a time as they are iterated
 * (each iteration reads the file afresh). A file that turns out damaged part-way, or that
 * another run replaced with something unusable in the meantime, ends the iteration with exit 5.
 */
export function streamItems<R = unknown>(path: string, mapItem?: ItemMapper<unknown, R>): Iterable<R> {
  return {
    *[Symbol.iterator]() {
      try {
        yield* streamEnvelopeItems(path, {
          accept: (header) => {
            const problem = envelopeProblem(header);
            return problem === undefined ? "read" : { refuse: problem };
          },
          keep: keeper(mapItem),
        }) as Generator<R>;
      } catch (error) {
        if (!(error instanceof UnusableFile)) throw error;
        throw fail("CacheChangedWhileRead", { path, reason: error.reason });
      }
    },
  };
}

export async function writeEnvelope(path: string, envelope: Envelope, root: string): Promise<void> {
  assertInside(root, path);
  await makePrivateDirs(dirname(path));
  await writeFileAtomic(path, envelopeLines(envelope), { mode: 0o600, exactMode: true });
}

/** mkdir -p with 0700 on every folder awstriage creates under (and including) the root. */
async function makePrivateDirs(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  // mkdir returns the first folder it created; tighten each created folder down to `dir`
  // (mkdir's mode is filtered by the umask, chmod is not).
  const created: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    created.push(current);
    if (current === first || current === dirname(current)) break;
  }
  await Promise.all(created.map((d) => chmod(d, 0o700)));
}

/** How long after a window ends CloudWatch and Logs may still add data to it (late arrivals). */
export const LATE_DATA_MS = 15 * 60_000;

/**
 * Issue 15: an entry of a fixed window (both ends absolute times, so the key never moves) that
 * had ended at least LATE_DATA_MS before it was fetched holds data that can no longer change,
 * so it is served from the cache even past --ttl. --force and --ttl 0 still fetch.
 */
export function isImmutableEntry(header: { fetchedAt?: unknown; window?: unknown }): boolean {
  const window = header.window as TimeWindow | undefined;
  if (window?.fixed !== true || typeof header.fetchedAt !== "string") return false;
  return Date.parse(window.end) + LATE_DATA_MS <= Date.parse(header.fetchedAt);
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

  if (!settings.force) {
    let immutable = false;
    const outcome = await readEnvelope(path, now(), {
      mapItem: mapItem as ItemMapper<unknown, R> | undefined,
      usable: (ageMs, header) => {
        if (settings.offline || ageMs < settings.ttlMs) return true;
        immutable = settings.ttlMs > 0 && isImmutableEntry(header);
        return immutable;
      },
      itemsLater,
    });
    if (outcome.kind === "hit") {
      const { envelope, ageMs } = outcome;
      log.debug({ path, ageSeconds: Math.round(ageMs / 1000), immutable }, "cache hit");
      return {
        items: itemsLater ? streamItems(path, mapItem as ItemMapper<unknown, R> | undefined) : envelope.items,
        account: envelope.account,
        source: {
          ...base,
          fetchedAt: envelope.fetchedAt,
          fromCache: true,
          ageSeconds: Math.round(ageMs / 1000),
          ...(immutable ? { immutable } : {}),
        },
      };
    }
    if (settings.offline) {
      if (outcome.kind === "corrupt") {
        throw fail("CacheUnusable", { path, reason: outcome.reason });
      }
      throw fail("OfflineMiss", {
        resource: `${key.script}/${key.resource}`,
        profile: key.profile,
        region: key.region,
        path,
      });
    }
    if (outcome.kind === "corrupt")
      log.warn({ path }, `ignoring unusable cache file: ${outcome.reason}; fetching again`);
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
  try {
    await writeEnvelope(path, envelope, settings.root);
  } catch (error) {
    log.warn(
      { path, code: (error as NodeJS.ErrnoException).code },
      "could not write the cache (the result is still printed); pass --cache-dir <dir> or set AWSTRIAGE_CACHE_DIR to a folder you can write",
    );
  }
  return {
    items: mapItems(envelope.items as T[], { account, region: key.region }, mapItem),
    account,
    source: { ...base, fetchedAt: envelope.fetchedAt, fromCache: false, ageSeconds: 0 },
  };
}

function mapItems<T, R>(items: T[], context: ItemContext, mapItem: ItemMapper<T, R> | undefined): R[] {
  if (mapItem === undefined) return items as unknown as R[];
  const kept: R[] = [];
  for (const item of items) {
    const value = mapItem(item, context);
    if (value !== undefined) kept.push(value);
  }
  return kept;
}
