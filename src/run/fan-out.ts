/**
 * Fan-out with one partial-failure policy, for regions (`Invocation.perRegion`) and for the sources
 * of `triage` alike:
 * - some keys failing is a partial result: the others' results are kept and each failure is
 *   recorded (named on stderr after the records and listed in `--out`; exit 4, or 5 offline);
 * - every key failing is an error, which the caller words (`allFailed`);
 * - an error that is not an AwstriageError is a bug, rethrown as it is (exit 1).
 */
import { mapLimitSettled } from "./concurrency.js";
import { AwsApiError, AwstriageError, ExitCode, partialFailureExitCode } from "../errors/errors.js";

export interface RegionFailure {
  /** The region, or for a whole triage source the run's regions joined with commas. */
  region: string;
  /** `script/resource`, or the label a command gave `perRegion`. */
  resource: string;
  reason: string;
  exitCode: number;
  /** AWS throttled it even after the SDK's retries (a watch slows down for that). */
  throttled?: true;
}

/** One line on stderr per failed region task. */
export function formatFailure(failure: RegionFailure): string {
  // A part left out by the user's choice (--max-metrics) is recorded, but did not fail.
  if (failure.exitCode === 0) return `awstriage: ${failure.resource} in ${failure.region}: ${failure.reason}`;
  return `awstriage: ${failure.resource} failed in ${failure.region}: ${failure.reason}`;
}

export interface Failed {
  key: string;
  error: AwstriageError;
}

/**
 * Runs `work` once per key, at most `limit` at a time, and returns the successes in key order
 * (so a merge is deterministic whatever finished first) with the failures.
 */
export async function fanOut<R>(
  keys: readonly string[],
  limit: number,
  work: (key: string) => Promise<R>,
  allFailed: (failed: readonly [Failed, ...Failed[]]) => AwstriageError,
): Promise<{ results: R[]; failed: Failed[] }> {
  const settled = await mapLimitSettled(keys, limit, work);
  const results: R[] = [];
  const failed: Failed[] = [];
  for (const [i, outcome] of settled.entries()) {
    if (outcome.status === "fulfilled") results.push(outcome.value);
    else if (outcome.reason instanceof AwstriageError) failed.push({ key: keys[i] as string, error: outcome.reason });
    else throw outcome.reason; // a bug: exit 1
  }
  if (failed.length > 0 && results.length === 0) throw allFailed(failed as [Failed, ...Failed[]]);
  return { results, failed };
}

/**
 * A part that failed while the rest of the run got through. The same credentials worked
 * elsewhere, so a credentials error here counts as an API failure (exit 4); `hint` says why
 * it may have happened.
 */
export function partialFailure(region: string, resource: string, error: AwstriageError, hint?: string): RegionFailure {
  const exitCode = partialFailureExitCode(error);
  const throttled = error instanceof AwsApiError && error.kind === "throttled" ? { throttled: true as const } : {};
  if (exitCode === error.exitCode) return { region, resource, reason: error.message, exitCode, ...throttled };
  return { region, resource, reason: hint ? `${error.message}; ${hint}` : error.message, exitCode, ...throttled };
}

/**
 * A region's failure within a partial result. A credentials error there (AuthFailure,
 * UnrecognizedClientException) is what EC2 answers in an opt-in region that is not enabled.
 */
export function regionFailure(label: string, { key: region, error }: Failed): RegionFailure {
  return partialFailure(
    region,
    label,
    error,
    `other regions accepted the same credentials, so ${region} is probably an opt-in region not enabled for this account`,
  );
}

/**
 * The error when every region failed: with credentials errors only, the credentials are the
 * problem (exit 3, with the fix); otherwise the first other failure decides (exit 4, or 5
 * offline), and the other reasons are named, each once.
 */
export function allRegionsFailed(label: string, failed: readonly [Failed, ...Failed[]]): AwstriageError {
  const [first] = failed;
  if (failed.length === 1) return first.error;
  const deciding = failed.find(({ error }) => error.exitCode !== ExitCode.config) ?? first;
  // Other reasons, each once (a failed AssumeRole, say, fails every region the same way).
  const others = [
    ...new Set(
      failed
        .filter((e) => e.error.message !== deciding.error.message)
        .map(({ key, error }) => `${key}: ${error.message}`),
    ),
  ];
  const regions = failed.map(({ key }) => key).join(", ");
  const message = `${label} failed in every region (${regions}); ${deciding.error.message}${others.length > 0 && deciding.error.exitCode !== ExitCode.config ? ` (and: ${others.join("; ")})` : ""}`;
  return new AwstriageError(message, deciding.error.exitCode, deciding.error.suggestion, { cause: deciding.error });
}
