/**
 * Gathering what the rules read. Each source (EC2 status, Lambda, alarms, log groups) fetches
 * through the cache on its own, all at once, under the run's one fan-out policy: a source that
 * fails in every region is recorded as a failure of the run (emit names it on stderr and in
 * `--out`; exit 4, or 5 offline) and the others' findings are still printed. Only when every
 * source fails does the run fail, with the first source's error.
 */
import type { Invocation } from "../run/invocation.js";
import { fanOut, partialFailure } from "../run/fan-out.js";
import type { MetricsWindow } from "../sources/lambda.js";
import type { EvidenceSettings } from "../sources/log-evidence.js";
import { emptyTriageData } from "../rules/types.js";
import type { Batch, TriageData } from "../rules/types.js";

/**
 * `--since`/`--until` as typed (part of the metrics cache key) and the window they resolved to;
 * the metric catalogue's cap, and where it reports how many metrics each region asked for.
 */
export interface TriageOptions extends MetricsWindow {
  /** The config file's log evidence pattern and bound (sources/log-evidence.ts). */
  logEvidence?: EvidenceSettings | undefined;
  /** Default DEFAULT_MAX_METRICS (sources/metric-health.ts). */
  maxMetrics?: number | undefined;
  onMetricsQueried?: (region: string, metrics: number) => void;
}

export interface TriageSource {
  /** `script/resource`, as failures name it. */
  name: string;
  collect(run: Invocation, options: TriageOptions): Promise<Partial<TriageData>>;
}

export async function gather(
  run: Invocation,
  sources: readonly TriageSource[],
  options: TriageOptions,
): Promise<TriageData> {
  // Keyed by position: two sources may share a name.
  const { results, failed } = await fanOut(
    sources.map((_, i) => String(i)),
    sources.length,
    (i) => (sources[Number(i)] as TriageSource).collect(run, options),
    ([first]) => first.error,
  );
  const data = emptyTriageData();
  for (const value of results) {
    for (const key of Object.keys(data) as Array<keyof TriageData>)
      (data[key] as Batch<unknown>[]).push(...(value[key] ?? []));
  }
  if (failed.length > 0) {
    const regions = (await run.regions()).join(",");
    for (const { key, error } of failed)
      run.recordFailure(partialFailure(regions, (sources[Number(key)] as TriageSource).name, error));
  }
  return data;
}
