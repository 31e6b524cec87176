/**
 * The validated flags (GlobalOptions) as the plain specs the layers below take: which account
 * (SessionSpec), how one command run uses the cache (InvocationSpec), and how it is printed
 * (PresentOptions). GlobalOptions stop here, in the command layer.
 */
import type { SessionSpec } from "../run/account-session.js";
import type { InvocationSpec } from "../run/invocation-spec.js";
import type { Limiter } from "../run/concurrency.js";
import type { PresentOptions } from "../output/present.js";
import type { GlobalOptions } from "./options.js";

/** The account of the flags, or (in a sweep) of one target: its profile or role instead. */
export function sessionSpecOf(
  globals: GlobalOptions,
  target: { profile?: string | undefined; roleArn?: string | undefined; callLimit?: Limiter } = {},
): SessionSpec {
  return {
    profile: "profile" in target ? target.profile : globals.profile,
    roleArn: "roleArn" in target ? target.roleArn : globals.roleArn,
    endpointUrl: globals.endpointUrl,
    regions: globals.regions,
    cacheRoot: globals.cacheRoot,
    offline: globals.offline,
    maxAttempts: globals.maxAttempts,
    concurrency: globals.concurrency,
    logLevel: globals.logLevel,
    callLimit: target.callLimit,
  };
}

export function invocationSpecOf(globals: GlobalOptions): InvocationSpec {
  return { ttlMs: globals.ttlMs, force: globals.force, offline: globals.offline, concurrency: globals.concurrency };
}

export function presentOptionsOf(globals: GlobalOptions): PresentOptions {
  const { output, raw, quiet, wide, out, outDir } = globals;
  return { output, raw, quiet, wide, out, outDir };
}
