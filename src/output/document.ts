/** The `--out FILE` document, written atomically (temp file in the same folder, then rename). */
import type { Source } from "../cache/store.js";
import { writeFileAtomic } from "../atomic-write.js";

export const DOCUMENT_SCHEMA_VERSION = 1;

export interface OutDocument {
  schemaVersion: typeof DOCUMENT_SCHEMA_VERSION;
  generatedAt: string;
  command: string;
  context: { account: string | null; regions: string[]; profile: string; arn: string | null };
  sources: Array<{
    path: string;
    script: string;
    resource: string;
    region: string;
    fetchedAt: string;
    fromCache: boolean;
    ageSeconds: number;
  }>;
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
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
}
