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
import { chmod, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../atomic-write.js";
import { OfflineMissError } from "../errors.js";
import type { Logger } from "../log.js";
import { VERSION } from "../version.js";
import { assertInside, cacheFilePath, type CacheLocation } from "./paths.js";

export const CACHE_SCHEMA_VERSION = 1;

/**
 * The envelope is validated on every read; items are only checked to be an array, because
 * awstriage wrote them itself and validating 10,000 instances would dominate a cache hit.
 */
export const envelopeSchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  script: z.string(),
  resource: z.string(),
  profile: z.string(),
  account: z.string().nullable(),
  region: z.string(),
  params: z.record(z.string(), z.unknown()),
  fetchedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "fetchedAt must be a timestamp"),
  awstriageVersion: z.string(),
  /** The absolute time window a windowed fetch (metrics, log searches) covered; the key holds it as typed. */
  window: z.object({ start: z.string(), end: z.string() }).optional(),
  items: z.custom<unknown[]>((value) => Array.isArray(value), "items must be an array"),
});
export type Envelope = z.infer<typeof envelopeSchema>;
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

export type ReadOutcome =
  | { kind: "hit"; envelope: Envelope; ageMs: number }
  | { kind: "missing" }
  | { kind: "corrupt"; reason: string };

export async function readEnvelope(path: string, now = Date.now()): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    return { kind: "corrupt", reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "corrupt", reason: text.length === 0 ? "empty file" : "not valid JSON (truncated?)" };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "corrupt", reason: `not an awstriage v${CACHE_SCHEMA_VERSION} cache file (${issue?.path.join(".") || "root"}: ${issue?.message})` };
  }
  return { kind: "hit", envelope: parsed.data, ageMs: Math.max(0, now - Date.parse(parsed.data.fetchedAt)) };
}

export async function writeEnvelope(path: string, envelope: Envelope, root: string): Promise<void> {
  assertInside(root, path);
  await makePrivateDirs(dirname(path));
  await writeFileAtomic(path, JSON.stringify(envelope), { mode: 0o600, exactMode: true });
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

export async function cached<T>(
  settings: CacheSettings,
  key: CacheKey,
  fetch: () => Promise<Fetched<T>>,
  log: Logger,
  now: () => number = Date.now,
): Promise<CachedResult<T>> {
  const path = cacheFilePath(settings.root, key);
  const base = { path, script: key.script, resource: key.resource, region: key.region };

  if (!settings.force) {
    const outcome = await readEnvelope(path, now());
    if (outcome.kind === "hit" && (settings.offline || outcome.ageMs < settings.ttlMs)) {
      const { envelope, ageMs } = outcome;
      log.debug({ path, ageSeconds: Math.round(ageMs / 1000) }, "cache hit");
      return {
        items: envelope.items as T[],
        account: envelope.account,
        source: { ...base, fetchedAt: envelope.fetchedAt, fromCache: true, ageSeconds: Math.round(ageMs / 1000) },
      };
    }
    if (settings.offline) {
      if (outcome.kind === "corrupt") {
        throw new OfflineMissError(`cache file ${path} is unusable: ${outcome.reason}`, "run the command once online (or with --force) to rewrite it");
      }
      throw new OfflineMissError(
        `--offline: no cached ${key.script}/${key.resource} for profile "${key.profile}" in ${key.region} (looked for ${path})`,
        "run the same command once online to fill the cache, or check --profile, --region and --cache-dir",
      );
    }
    if (outcome.kind === "corrupt") log.warn({ path }, `ignoring unusable cache file: ${outcome.reason}; fetching again`);
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
    log.warn({ path, code: (error as NodeJS.ErrnoException).code }, "could not write the cache; the result is still printed");
  }
  return {
    items: envelope.items as T[],
    account,
    source: { ...base, fetchedAt: envelope.fetchedAt, fromCache: false, ageSeconds: 0 },
  };
}
