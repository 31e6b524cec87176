/**
 * What a run needs to know when it is one account of a sweep (`--accounts`, `--profiles`):
 * the calls in flight are bounded across every account, progress is drawn once, and the end
 * of the command hands its result to the sweep instead of printing it.
 */
import type { EmitInput } from "../commands/emit.js";
import type { Limiter } from "./concurrency.js";
import type { Source } from "../cache/store.js";
import type { Progress } from "../output/progress.js";
import type { RegionFailure } from "./fan-out.js";

/** One account's share of a command's output, handed over where a single run would print it. */
export interface MemberResult {
  /** What the command handed `emit` (its table, notes and summary serve the merged output). */
  input: EmitInput;
  records: unknown[];
  account: string | null;
  arn: string | null;
  profile: string;
  regions: string[];
  sources: readonly Source[];
  failures: readonly RegionFailure[];
  exitCode: number;
}

export interface SweepMember {
  label: string | null;
  /** `--concurrency`, across every account of the sweep. */
  callLimit: Limiter;
  progress: Progress;
  collect(result: MemberResult): void;
}
