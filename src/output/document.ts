/** The `--out FILE` document, written as out-file.ts decides (atomically where the target allows). */
import type { Source } from "../cache/store.js";
import { writeOutFile } from "../out-file.js";

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
  await writeOutFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
