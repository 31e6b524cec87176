/**
 * A part of the changes (or of a timeline) that may fail on its own: no permission, a call the
 * endpoint does not support (moto, LocalStack), not cached for `--offline`. Its failure is a
 * note in the run's failures (stderr, `--out`; exit 0, or the failure's own code for the part
 * the user asked for) saying what is incomplete, and the run goes on without it.
 */
import type { Invocation } from "../run/invocation.js";
import { AwstriageError } from "../errors/errors.js";

export async function optionalPart<T>(
  run: Invocation,
  where: {
    region: string;
    resource: string;
    leftOut: string;
    /** The part is what the user asked for (CloudTrail): its failure keeps its exit code, the rest still counts. */
    keepExitCode?: boolean;
  },
  read: () => Promise<T[]>,
): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AwstriageError)) throw error;
    const reason = `${error.message}; ${where.leftOut} are left out (incomplete)`;
    const exitCode = where.keepExitCode === true ? error.exitCode : 0;
    run.recordFailure({ region: where.region, resource: where.resource, reason, exitCode });
    return [];
  }
}
