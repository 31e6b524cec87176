/** The two endings of a service command: normalized records, or (`--raw`) the cached API items. */
import type { Run } from "../run/run.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import { emit, type EmitInput } from "./emit.js";

export function emitRecords(
  run: Run,
  command: string,
  records: Iterable<unknown>,
  columns?: readonly string[],
  extra: Pick<EmitInput, "emptyNote" | "table"> = {},
): Promise<number> {
  return emit(run, { command, records, ...(columns === undefined ? {} : { columns }), ...extra });
}

/**
 * `--raw`: the items exactly as cached, every region of the run, in region order. A cache
 * hit's items are printed as its file is read, never all held. `redact` is applied to every
 * item on its way out (stdout and `--out` alike), whatever wrote the cache: a file from an
 * older version or another tool may hold what awstriage itself never caches.
 */
export async function emitRaw<T>(
  run: Run,
  command: string,
  spec: FetchSpec<T>,
  redact?: (item: T) => T,
): Promise<number> {
  const results = await run.streamAllRegions(spec, redact === undefined ? undefined : (item) => redact(item));
  function* items(): Generator<T> {
    for (const result of results) yield* result.items;
  }
  return emitRecords(run, command, items());
}
