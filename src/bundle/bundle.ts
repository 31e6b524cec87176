/**
 * Evidence bundles (issue 25.3): `bundle create FILE.tar.gz --from report.json` (or, with no
 * `--from`, the last triage, see commands/bundle-last-run.ts) packs a `--out` document,
 * exactly the cache entries it names, the config it was judged with, and a manifest
 * with the sha256 of each file; `--bundle FILE.tar.gz` on a read command unpacks it into a
 * private temporary cache and runs offline from it with the profile, regions and window the
 * manifest records, so a colleague needs no other flag. Cache entries are stored as the cache
 * holds them, already redacted (Lambda environment values never reach disk), so redaction
 * holds inside a bundle too.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import * as z from "zod/mini";
import { UsageError } from "../errors/errors.js";
import { VERSION } from "../version.js";
import { packTarGz, type TarFile } from "./tar.js";
import { type BundleManifest, MANIFEST, type ReadBundle, readBundle, readRegular, sha256 } from "./read-bundle.js";

export type { BundleManifest } from "./read-bundle.js";

const REPORT = "report.json";
const CONFIG = "config.json";

const documentSchema = z.looseObject({
  command: z.string(),
  context: z.looseObject({ profile: z.nullable(z.string()), regions: z.array(z.string()) }),
  sources: z.array(z.looseObject({ path: z.string(), entry: z.optional(z.string()) })),
  window: z.optional(z.looseObject({ since: z.string(), until: z.nullable(z.string()) })),
  config: z.optional(z.nullable(z.looseObject({ path: z.string(), sha256: z.string() }))),
  bundle: z.optional(z.looseObject({ path: z.string(), manifestSha256: z.string() })),
});

/** The bundle a re-analysis (`--bundle ... --out`) was read from. */
type Origin = ReadBundle & { path: string };

/**
 * The run's config file; for a re-analysis of a bundle, named as the bundle's own
 * (`/x/evidence.tar.gz:config.json`, see openBundle), the copy inside that bundle, checked
 * like any bundle: its temporary folder is gone, the bundle is the evidence.
 */
function configBytes(path: string, origin: Origin | undefined): Buffer {
  const member = /^(.+):([^/:]+)$/.exec(path);
  if (member === null || isFile(path)) return readRegular(path, "the config file");
  const [, bundle = "", name = ""] = member;
  const data = (origin?.path === bundle ? origin : readBundle(bundle)).byPath.get(name);
  if (data === undefined) throw new UsageError(`the config file ${path}: the bundle ${bundle} holds no ${name}`);
  return data;
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The bundle a re-analysis was read from, as its `--out` records it: checked as `--bundle`
 * checks it, and the same bundle (its manifest's sha256). The entries are taken from it, not
 * from this cache, which may never have held them (a colleague's empty cache).
 */
function originOf(recorded: { path: string; manifestSha256: string }, from: string): Origin {
  let read: ReadBundle;
  try {
    read = readBundle(recorded.path);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(error.message, `${from} was read from that bundle: its cache entries are packed from it`);
  }
  if (read.manifestSha256 !== recorded.manifestSha256)
    throw new UsageError(
      `the bundle ${recorded.path} is not the one ${from} was read from (its manifest's sha256 differs)`,
    );
  return { ...read, path: recorded.path };
}

function entryBytes(entry: string, cacheRoot: string, origin: Origin | undefined): Buffer {
  if (origin === undefined) return readRegular(join(cacheRoot, ...entry.split("/")), "the cache entry");
  const data = origin.byPath.get(`cache/${entry}`);
  if (data === undefined) throw new UsageError(`the bundle ${origin.path} holds no cache entry ${entry}`);
  return data;
}

/** The cache entry of a source, relative to the cache root with `/` (the document's `entry`, else its path). */
function entryOf(source: { path: string; entry?: string | undefined }, cacheRoot: string): string {
  const rel = source.entry ?? relative(cacheRoot, source.path).split(sep).join("/");
  if (rel.startsWith("../") || isAbsolute(rel) || rel.split("/").length < 4)
    throw new UsageError(
      `the source ${source.path} is not in the cache root ${cacheRoot}`,
      "pass the --cache-dir the run used",
    );
  return rel;
}

/** Packs the `--out` document `from`, its cache entries and config into `target` (written atomically). */
export function createBundle(target: string, from: string, cacheRoot: string, now = Date.now()): BundleManifest {
  return packBundle(target, readRegular(from, "the --out document"), from, cacheRoot, now);
}

/** Packs a `--out` document (`from` names it in messages: a file, or the last triage) with its entries and config. */
export function packBundle(
  target: string,
  reportBytes: Buffer,
  from: string,
  cacheRoot: string,
  now = Date.now(),
): BundleManifest {
  let parsed: z.infer<typeof documentSchema>;
  try {
    parsed = documentSchema.parse(JSON.parse(reportBytes.toString("utf8")));
  } catch {
    throw new UsageError(`${from} is not an awstriage --out document`, "write one with `awstriage triage --out FILE`");
  }
  const entries = [...new Set(parsed.sources.map((s) => entryOf(s, cacheRoot)))].sort();
  const identities = new Set(entries.map((e) => e.split("/")[1]));
  if (identities.size > 1)
    throw new UsageError(`${from} holds several accounts' data: a bundle holds one account's run`);
  const origin = parsed.bundle === undefined ? undefined : originOf(parsed.bundle, from);
  const files: TarFile[] = [{ path: REPORT, data: reportBytes }];
  if (parsed.config) {
    const config = configBytes(parsed.config.path, origin);
    if (sha256(config) !== parsed.config.sha256)
      throw new UsageError(`the config file ${parsed.config.path} changed since the run (its sha256 differs)`);
    files.push({ path: CONFIG, data: config });
  }
  for (const entry of entries) files.push({ path: `cache/${entry}`, data: entryBytes(entry, cacheRoot, origin) });
  const manifest: BundleManifest = {
    bundleVersion: 1,
    createdAt: new Date(now).toISOString(),
    awstriageVersion: VERSION,
    command: parsed.command,
    profile: parsed.context.profile ?? [...identities][0] ?? "default",
    regions: parsed.context.regions,
    window: parsed.window === undefined ? null : { since: parsed.window.since, until: parsed.window.until },
    report: REPORT,
    config: parsed.config ? CONFIG : null,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.data), bytes: f.data.length })),
  };
  const archive = packTarGz([
    { path: MANIFEST, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...files,
  ]);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, archive, { mode: 0o600, flag: "wx" });
  renameSync(temp, target);
  return manifest;
}

export interface OpenedBundle {
  manifest: BundleManifest;
  /** Recorded in `--out` (with the bundle's path), so `bundle create --from` finds the same bundle. */
  manifestSha256: string;
  /** A private temporary cache root holding the bundle's entries (removed when the process exits). */
  cacheRoot: string;
  /** The bundle's config file, or null when the run had none: never a local `.awstriage.json`. */
  configPath: string | null;
  /**
   * What the config is called on the context line and in `--out`: the bundle's own
   * (`/x/evidence.tar.gz:config.json`), not the temporary file, so `bundle create --from`
   * finds the same bytes after this process is gone.
   */
  configName: string | null;
}

/** Unpacks and checks a bundle into a private temporary folder (removed at exit). */
export function openBundle(file: string): OpenedBundle {
  const { manifest, manifestSha256, byPath } = readBundle(file);
  const dir = mkdtempSync(join(tmpdir(), "awstriage-bundle-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const entry of manifest.files) {
    const path = join(dir, ...entry.path.split("/"));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, byPath.get(entry.path) as Buffer, { mode: 0o600, flag: "wx" });
  }
  const configPath = manifest.config === null ? null : join(dir, manifest.config);
  const configName = manifest.config === null ? null : `${resolve(file)}:${manifest.config}`;
  return { manifest, manifestSha256, cacheRoot: join(dir, "cache"), configPath, configName };
}
