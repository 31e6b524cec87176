/**
 * Reading an evidence bundle (see bundle.ts): the tar.gz, its manifest, and every file checked
 * against the manifest's sha256. Shared by `--bundle` and by `bundle create` of a re-analysis,
 * which takes the config and the cache entries from the bundle it was read from.
 */
import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import * as z from "zod/mini";
import { UsageError } from "../errors/errors.js";
import { errnoText } from "../fs/errno-text.js";
import { TarError, type TarFile, unpackTarGz } from "./tar.js";

export const MANIFEST = "manifest.json";
/** A bundle file larger than this is refused before it is read. */
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

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

export interface ReadBundle {
  manifest: BundleManifest;
  /** The sha256 of manifest.json as packed: it pins every file of the bundle. */
  manifestSha256: string;
  byPath: Map<string, Buffer>;
}

export function readRegular(path: string, what: string): Buffer {
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

/** Reads and checks a bundle: every file listed with a matching sha256, nothing else; exit 2 naming what is wrong. */
export function readBundle(file: string): ReadBundle {
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
  return { manifest, manifestSha256: sha256(manifestData as Buffer), byPath };
}

function safeJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    return undefined;
  }
}
