/** The `--out FILE` document, written as out-file.ts decides (atomically where the target allows). */
import type { Source } from "../cache/store.js";
import { writeOutFile } from "./out-file.js";

export const DOCUMENT_SCHEMA_VERSION = 1;

export interface OutDocument {
  schemaVersion: typeof DOCUMENT_SCHEMA_VERSION;
  generatedAt: string;
  command: string;
  /** A sweep's context has no single account, profile or caller: `accounts` holds each one's. */
  context: { account: string | null; regions: string[]; profile: string | null; arn: string | null };
  accounts?: AccountContext[];
  sources: Array<{
    path: string;
    script: string;
    resource: string;
    region: string;
    fetchedAt: string;
    fromCache: boolean;
    ageSeconds: number;
    /** The entry relative to the cache root (`script/identity/region/file`): the same on any machine. */
    entry?: string;
  }>;
  /** The window the run asked for (`--since`/`--until` as typed) and the times it resolved to. */
  window?: { since: string; until: string | null; start: string; end: string };
  failures?: Array<{
    region: string;
    resource: string;
    reason: string;
    account?: string | null;
    accountLabel?: string | null;
  }>;
  /** triage: CloudWatch metrics asked per region (GetMetricData is billed per metric). */
  metricsQueried?: Record<string, number>;
  records?: unknown[];
  findings?: unknown[];
  /** `triage`: the incidents, ranked (the findings carry `incident` and `role`). */
  incidents?: unknown[];
  /** `triage`: findings the config file suppressed, each with `suppressedBy: {reason, until}`. */
  suppressed?: unknown[];
  /** `triage`: the config file applied (null for none); its hash pins the judgement the findings reflect. */
  config?: { path: string; sha256: string } | null;
  /**
   * A run read with `--bundle`: that bundle (absolute) and the sha256 of its manifest, so
   * `bundle create --from` packs the entries from it, not from a cache that may not hold them.
   */
  bundle?: { path: string; manifestSha256: string };
}

/** One account of a sweep, in `--out`. */
export interface AccountContext {
  account: string | null;
  accountLabel: string | null;
  /** The profile whose credentials were used (the base profile for a role). */
  profile: string | null;
  roleArn: string | null;
  arn: string | null;
  regions: string[];
  /** Null when the account failed before any data was in. */
  sources: OutDocument["sources"];
  failed: boolean;
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
    entry: path.split(/[\\/]/).slice(-4).join("/"),
  }));
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeOutFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
