/**
 * A part of the changes (or of a timeline) that may fail on its own: no permission, a call the
 * endpoint does not support (moto, LocalStack), not cached for `--offline`. Its failure is a
 * note in the run's failures (stderr, `--out`; exit 0) saying what is incomplete, not an error.
 */
import type { Invocation } from "../run/invocation.js";
import { AwstriageError } from "../errors/errors.js";

export async function optionalPart<T>(
  run: Invocation,
  where: { region: string; resource: string; leftOut: string },
  read: () => Promise<T[]>,
): Promise<T[]> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof AwstriageError)) throw error;
    const reason = `${error.message}; ${where.leftOut} are left out (incomplete)`;
    run.recordFailure({ region: where.region, resource: where.resource, reason, exitCode: 0 });
    return [];
  }
}
