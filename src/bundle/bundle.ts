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
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import * as z from "zod/mini";
import { UsageError } from "../errors/errors.js";
import { VERSION } from "../version.js";
import { packTarGz, TarError, type TarFile, unpackTarGz } from "./tar.js";
import { errnoText } from "../fs/errno-text.js";

const MANIFEST = "manifest.json";
const REPORT = "report.json";
const CONFIG = "config.json";
/** A bundle file larger than this is refused before it is read. */
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

const manifestSchema = z.object({
  bundleVersion: z.literal(1),
  createdAt: z.string(),
  awstriageVersion: z.string(),
  command: z.string(),
  profile: z.string(),
  regions: z.array(z.string()),
  window: z.nullable(z.object({ since: z.string(), until: z.nullable(z.string()) })),
  report: z.string(),
  config: z.nullable(z.string()),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number() })),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

const documentSchema = z.looseObject({
  command: z.string(),
  context: z.looseObject({ profile: z.nullable(z.string()), regions: z.array(z.string()) }),
  sources: z.array(z.looseObject({ path: z.string(), entry: z.optional(z.string()) })),
  window: z.optional(z.looseObject({ since: z.string(), until: z.nullable(z.string()) })),
  config: z.optional(z.nullable(z.looseObject({ path: z.string(), sha256: z.string() }))),
});

function readRegular(path: string, what: string): Buffer {
  try {
    if (!lstatSync(path).isFile()) throw new UsageError(`${what} ${path} is not a regular file`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read ${what} ${path}: ${errnoText((error as NodeJS.ErrnoException).code, String(error))}`,
    );
  }
}

/**
 * The run's config file; for a re-analysis of a bundle, named as the bundle's own
 * (`/x/evidence.tar.gz:config.json`, see openBundle), the copy inside that bundle, checked
 * like any bundle: its temporary folder is gone, the bundle is the evidence.
 */
function configBytes(path: string): Buffer {
  const member = /^(.+):([^/:]+)$/.exec(path);
  if (member === null || isFile(path)) return readRegular(path, "the config file");
  const [, bundle = "", name = ""] = member;
  const data = readBundle(bundle).byPath.get(name);
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
  const files: TarFile[] = [{ path: REPORT, data: reportBytes }];
  if (parsed.config) {
    const config = configBytes(parsed.config.path);
    if (sha256(config) !== parsed.config.sha256)
      throw new UsageError(`the config file ${parsed.config.path} changed since the run (its sha256 differs)`);
    files.push({ path: CONFIG, data: config });
  }
  for (const entry of entries)
    files.push({ path: `cache/${entry}`, data: readRegular(join(cacheRoot, ...entry.split("/")), "the cache entry") });
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
  const { manifest, byPath } = readBundle(file);
  const dir = mkdtempSync(join(tmpdir(), "awstriage-bundle-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  for (const entry of manifest.files) {
    const path = join(dir, ...entry.path.split("/"));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, byPath.get(entry.path) as Buffer, { mode: 0o600, flag: "wx" });
  }
  const configPath = manifest.config === null ? null : join(dir, manifest.config);
  const configName = manifest.config === null ? null : `${resolve(file)}:${manifest.config}`;
  return { manifest, cacheRoot: join(dir, "cache"), configPath, configName };
}

/** Reads and checks a bundle: every file listed with a matching sha256, nothing else; exit 2 naming what is wrong. */
function readBundle(file: string): { manifest: BundleManifest; byPath: Map<string, Buffer> } {
  let size = 0;
  try {
    size = lstatSync(file).size;
  } catch (error) {
    throw new UsageError(
      `cannot read the bundle ${file}: ${errnoText((error as NodeJS.ErrnoException).code, String(error))}`,
    );
  }
  if (size > MAX_BUNDLE_BYTES) throw new UsageError(`the bundle ${file} is larger than ${MAX_BUNDLE_BYTES} bytes`);
  let files: TarFile[];
  try {
    files = unpackTarGz(readRegular(file, "the bundle"));
  } catch (error) {
    if (error instanceof TarError) throw new UsageError(`the bundle ${file}: ${error.message}`);
    throw error;
  }
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  const manifestData = byPath.get(MANIFEST);
  const parsed = manifestData === undefined ? undefined : manifestSchema.safeParse(safeJson(manifestData));
  if (parsed === undefined || !parsed.success)
    throw new UsageError(`the bundle ${file} has no readable ${MANIFEST}`, "make one with `awstriage bundle create`");
  const manifest = parsed.data;
  const listed = new Set([MANIFEST, ...manifest.files.map((f) => f.path)]);
  for (const path of byPath.keys())
    if (!listed.has(path)) throw new UsageError(`the bundle ${file}: ${path} is not in its manifest (added later?)`);
  for (const entry of manifest.files) {
    const data = byPath.get(entry.path);
    if (data === undefined) throw new UsageError(`the bundle ${file}: ${entry.path} is missing`);
    if (sha256(data) !== entry.sha256)
      throw new UsageError(
        `the bundle ${file}: ${entry.path} does not match its sha256 in the manifest (changed after it was made)`,
      );
  }
  return { manifest, byPath };
}

function safeJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    return undefined;
  }
}
