/** What an Invocation is given (its cache policy and concurrency) and what it hands back besides records. */
import type { Source } from "../cache/store.js";
import type { Logger } from "../output/log.js";
import type { Progress } from "../output/progress.js";
import type { RegionFailure } from "./fan-out.js";
import type { Identity } from "./identity.js";

/** How an invocation uses the cache and AWS. */
export interface InvocationSpec {
  /** Freshness window (`--ttl`). */
  ttlMs: number;
  /** `--force`: fetch, whatever the cache holds. */
  force: boolean;
  /** `--offline`: read the cache whatever its age, never call AWS. */
  offline: boolean;
  /** Regions worked on at once (`--concurrency`). */
  concurrency: number;
}

export interface InvocationDeps {
  progress?: Progress | undefined;
  now?: () => number;
  /** Where the run's warnings go: the session's logger unless given (a watch drops repeats). */
  log?: Logger | undefined;
}

/** What an invocation gathered besides a command's records: where they came from and what failed. */
export interface InvocationOutcome {
  identity: Identity;
  regions: string[];
  sources: readonly Source[];
  failures: readonly RegionFailure[];
  exitCode: number;
}
