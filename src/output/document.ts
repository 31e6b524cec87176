/** The `--out FILE` document, written atomically (temp file in the same folder, then rename). */
import { lazyCrypto } from "../lazy-builtins.js";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Source } from "../cache/store.js";

export const DOCUMENT_SCHEMA_VERSION = 1;

export interface OutDocument {
  schemaVersion: typeof DOCUMENT_SCHEMA_VERSION;
  generatedAt: string;
  command: string;
  context: { account: string | null; regions: string[]; profile: string; arn: string | null };
  sources: Array<{ path: string; script: string; resource: string; region: string; fetchedAt: string; fromCache: boolean; ageSeconds: number }>;
  failures?: Array<{ region: string; resource: string; reason: string }>;
  records?: unknown[];
  findings?: unknown[];
}

export function documentSources(sources: readonly Source[]): OutDocument["sources"] {
  return sources.map(({ path, script, resource, region, fetchedAt, fromCache, ageSeconds }) => ({
    path,
    script,
    resource,
    region,
    fetchedAt,
    fromCache,
    ageSeconds,
  }));
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${lazyCrypto().randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
