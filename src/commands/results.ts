/** The two results of a service command: normalized records, or (`--raw`) the cached API items. */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { CommandResult } from "../run/result.js";

export function recordsResult(
  command: string,
  records: Iterable<unknown>,
  columns?: readonly string[],
  extra: Pick<CommandResult, "emptyNote" | "table"> = {},
): CommandResult {
  return { command, records, ...(columns === undefined ? {} : { columns }), ...extra };
}

/**
 * `--raw`: the items exactly as cached, every region of the invocation, in region order. A
 * cache hit's items are printed as its file is read, never all held. `redact` is applied to
 * every item on its way out (stdout and `--out` alike), whatever wrote the cache: a file from
 * an older version or another tool may hold what awstriage itself never caches.
 */
export async function rawResult<T>(
  run: Invocation,
  command: string,
  spec: FetchSpec<T>,
  redact?: (item: T) => T,
): Promise<CommandResult> {
  const results = await run.streamAllRegions(spec, redact === undefined ? undefined : (item) => redact(item));
  function* items(): Generator<T> {
    for (const result of results) yield* result.items;
  }
  return recordsResult(command, items());
}
