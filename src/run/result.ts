/**
 * What a command's `collect(invocation, options)` returns, and what one account of a run hands
 * the driver: the command's records with how to present them, and the invocation's outcome
 * (identity, regions, sources, failures). The driver merges 1…N of these and presents once.
 */
import type { Presentable } from "../output/present.js";
import type { Source } from "../cache/store.js";
import type { RegionFailure } from "./fan-out.js";

export interface CommandResult extends Presentable {
  /** The command's own exit code when nothing failed (triage `--fail-on`: 6). */
  exitCode?: number;
  /** One line for stderr after the records of a single account (triage `--fail-on`'s count). */
  closingNote?: string;
  /**
   * The command's own options as typed (null where not given), when its run is recorded in the
   * cache root for `bundle create` (triage): with the run's profile, regions and entries, what
   * rebuilds its --out document offline.
   */
  rerun?: Readonly<Record<string, string | null>>;
}

/** One account's share of a command's output. */
export interface AccountResult {
  /** What the command returned (its table, notes and summary serve a sweep's merged output). */
  input: CommandResult;
  records: unknown[];
  account: string | null;
  arn: string | null;
  profile: string;
  regions: string[];
  sources: readonly Source[];
  failures: readonly RegionFailure[];
  /** The invocation's failures first, else the command's own. */
  exitCode: number;
}
