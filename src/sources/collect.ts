/**
 * The shape every source shares: fetch one spec in every region of the run, turn each item
 * into records (dropping what a filter refuses) while the cache file is read, then sort.
 */
import type { ItemMapper } from "../cache/store.js";
import type { Invocation } from "../run/invocation.js";
import type { Batch } from "../rules/types.js";
import type { FetchSpec, RegionResult } from "../run/fetch-spec.js";

/**
 * Records of `spec` from every region of the run, in region order unless `order` sorts them.
 * `toRecords` gives one record, several (one metric result, many datapoints), or undefined to
 * drop the item; on a cache hit it runs as the file is read, so raw items are never all held.
 */
export async function collectRecords<T, R>(
  run: Invocation,
  spec: FetchSpec<T>,
  toRecords: ItemMapper<T, R | readonly R[]>,
  order?: (a: R, b: R) => number,
): Promise<R[]> {
  const results = await run.fetchAllRegions(spec, toRecords);
  const records: R[] = [];
  for (const result of results) {
    for (const kept of result.items) {
      if (Array.isArray(kept)) records.push(...(kept as readonly R[]));
      else records.push(kept as R);
    }
  }
  return order === undefined ? records : records.sort(order);
}

/** Per-region results → batches of records, each stamped with when its data was fetched. */
export function batchesOf<Raw, Rec>(
  results: ReadonlyArray<RegionResult<Raw>>,
  normalize: (raw: Raw, account: string | null, region: string) => Rec,
): Batch<Rec>[] {
  return results.map((r) => ({
    observedAt: r.source.fetchedAt,
    records: r.items.map((item) => normalize(item, r.account, r.region)),
    region: r.region,
    account: r.account,
  }));
}

/** What triage reads of one spec: a batch per region, normalized as its command does. */
export async function collectBatches<Raw, Rec>(
  run: Invocation,
  spec: FetchSpec<Raw>,
  normalize: (raw: Raw, account: string | null, region: string) => Rec,
): Promise<Batch<Rec>[]> {
  return batchesOf(await run.fetchAllRegions(spec), normalize);
}
