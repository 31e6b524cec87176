/**
 * Gathering what the rules read. Each source (EC2 status, Lambda, alarms, log groups) fetches
 * through the cache on its own, all at once; a source that fails in every region is recorded
 * as a failure of the run (emit names it on stderr and in `--out`; exit 4, or 5 offline) and the
 * others' findings are still printed. Only when every source fails does the run fail.
 */
import type { RegionFailure, RegionResult, Run } from "../run.js";
import type { ResolvedWindow } from "../window.js";
import { AwstriageError, partialFailureExitCode } from "../errors.js";
import { emptyTriageData } from "../rules/engine.js";
import type { Batch, TriageData } from "../rules/types.js";

export interface TriageOptions {
  /** `--since`/`--until` as typed (part of the metrics cache key), and the window they resolved to. */
  since: string;
  until?: string | undefined;
  window: ResolvedWindow;
}

export interface TriageSource {
  /** `script/resource`, as failures name it. */
  name: string;
  collect(run: Run, options: TriageOptions): Promise<Partial<TriageData>>;
}

/** Per-region results → batches of records, each stamped with when its data was fetched. */
export function batchesOf<Raw, Rec>(
  results: ReadonlyArray<RegionResult<Raw>>,
  normalize: (raw: Raw, account: string | null, region: string) => Rec,
): Batch<Rec>[] {
  return results.map((r) => ({
    observedAt: r.source.fetchedAt,
    records: r.items.map((item) => normalize(item, r.account, r.region)),
  }));
}

/**
 * A source (or part of one) that failed while the rest of the run got through: the same
 * credentials worked elsewhere, so a credentials error here is an API failure (exit 4).
 */
export function partialFailure(region: string, resource: string, error: AwstriageError): RegionFailure {
  return {
    region,
    resource,
    reason: error.message,
    exitCode: partialFailureExitCode(error),
  };
}

export async function gather(run: Run, sources: readonly TriageSource[], options: TriageOptions): Promise<TriageData> {
  const settled = await Promise.allSettled(sources.map((source) => source.collect(run, options)));
  const data = emptyTriageData();
  const failed: Array<{ source: TriageSource; error: AwstriageError }> = [];
  settled.forEach((outcome, i) => {
    const source = sources[i] as TriageSource;
    if (outcome.status === "rejected") {
      if (!(outcome.reason instanceof AwstriageError)) throw outcome.reason; // a bug: exit 1
      failed.push({ source, error: outcome.reason });
      return;
    }
    for (const key of Object.keys(data) as Array<keyof TriageData>)
      (data[key] as Batch<unknown>[]).push(...(outcome.value[key] ?? []));
  });
  if (failed.length > 0 && failed.length === sources.length) throw (failed[0] as (typeof failed)[number]).error;
  const regions = (await run.regions()).join(",");
  for (const { source, error } of failed) run.failures.push(partialFailure(regions, source.name, error));
  return data;
}
