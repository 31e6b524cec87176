/**
 * The project's errors. Every error a user can cause or meet is a named cause (error-causes.ts):
 * its exit code (DESIGN.md), its message and its suggestion are written there once, so the same
 * problem reads the same wherever it is raised. A throw site says which cause and
 * gives the facts (`fail("ProfileNotFound", { profile, ... })`). The single top-level handler
 * in main.ts (`reportError`) turns them into one or two lines on stderr.
 *
 * Flag validation with a text of its own (one site per flag) still uses `UsageError` directly.
 */

export { ExitCode, type ExitCodeValue } from "../process/exit-codes.js";
import { ExitCode } from "../process/exit-codes.js";
import { CAUSES, type Cause } from "./causes.js";

export class AwstriageError extends Error {
  readonly exitCode: number;
  readonly suggestion: string | undefined;
  /** The cause's name from CAUSES (`ProfileNotFound`), or undefined for an unnamed error. */
  readonly code: CauseName | undefined;

  constructor(
    message: string,
    exitCode: number,
    suggestion?: string,
    options?: { cause?: unknown; code?: CauseName | undefined },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.suggestion = suggestion;
    this.code = options?.code;
  }
}

/** Bad flags, values or arguments (exit 2). */
export class UsageError extends AwstriageError {
  constructor(message: string, suggestion?: string, options?: { cause?: unknown; code?: CauseName }) {
    super(message, ExitCode.usage, suggestion, options);
  }
}

/**
 * A log group that is not there (FilterLogEvents answers ResourceNotFoundException): a name
 * mistyped, or in another region, is bad input (exit 2), not a failure of AWS.
 */
export class LogGroupNotFoundError extends UsageError {
  constructor(logGroupName: string, region: string, cause?: unknown) {
    super(
      `no log group ${logGroupName} in ${region}`,
      "`awstriage logs groups --prefix <its start>` lists the groups (names are case-sensitive); or pass --region",
      { cause },
    );
  }
}

/** Missing profile or region, unknown profile, expired or invalid credentials (exit 3). */
export class ConfigError extends AwstriageError {
  constructor(message: string, suggestion?: string, options?: { cause?: unknown; code?: CauseName }) {
    super(message, ExitCode.config, suggestion, options);
  }
}

export type AwsFailureKind = "throttled" | "access-denied" | "unreachable" | "api";

/** An AWS call that failed after the SDK's retries (exit 4). */
export class AwsApiError extends AwstriageError {
  readonly kind: AwsFailureKind;
  readonly region: string | undefined;
  readonly operation: string | undefined;

  constructor(
    message: string,
    details: {
      kind: AwsFailureKind;
      region?: string | undefined;
      operation?: string | undefined;
      suggestion?: string | undefined;
      cause?: unknown;
      code?: CauseName;
    },
  ) {
    super(message, ExitCode.aws, details.suggestion, { cause: details.cause, code: details.code });
    this.kind = details.kind;
    this.region = details.region;
    this.operation = details.operation;
  }
}

/** `--offline` and the cache cannot answer (exit 5). */
export class OfflineMissError extends AwstriageError {
  constructor(message: string, suggestion?: string, options?: { cause?: unknown; code?: CauseName }) {
    super(message, ExitCode.offlineMiss, suggestion, options);
  }
}

export type CauseName = keyof typeof CAUSES;
export type CauseParams<N extends CauseName> = Parameters<(typeof CAUSES)[N]["message"]>[0];

/** Where an AWS failure happened, for callers that report per region. */
export interface FailureSite {
  region?: string | undefined;
  operation?: string | undefined;
  cause?: unknown;
}

/** The error for a named cause: message, exit code and suggestion all from CAUSES. */
export function fail<N extends CauseName>(name: N, params: CauseParams<N>, site: FailureSite = {}): AwstriageError {
  const c = CAUSES[name] as Cause<CauseParams<N>>;
  const message = c.message(params);
  const suggestion = c.suggestion?.(params);
  const options = { cause: site.cause, code: name };
  switch (c.exitCode) {
    case ExitCode.config:
      return new ConfigError(message, suggestion, options);
    case ExitCode.usage:
      return new UsageError(message, suggestion, options);
    case ExitCode.offlineMiss:
      return new OfflineMissError(message, suggestion, options);
    case ExitCode.aws:
      return new AwsApiError(message, { ...site, ...options, kind: c.kind ?? "api", suggestion });
    default:
      return new AwstriageError(message, c.exitCode, suggestion, options);
  }
}

export function isAwstriageError(error: unknown): error is AwstriageError {
  return error instanceof AwstriageError;
}

/** True when `error` is the named cause (`isCause(e, "Throttled")`). */
export function isCause(error: unknown, name: CauseName): error is AwstriageError {
  return error instanceof AwstriageError && error.code === name;
}

/**
 * The exit code of a failure that is part of a partial result: the same credentials worked for
 * the rest of the run, so a credentials error there (AuthFailure is what EC2 answers in an
 * opt-in region that is not enabled) is an AWS failure of that part, exit 4, not exit 3.
 */
export function partialFailureExitCode(error: AwstriageError): number {
  // A log group that other regions (or accounts) have is where it lives, not a wrong name: a note.
  if (error instanceof LogGroupNotFoundError) return ExitCode.ok;
  return error.exitCode === ExitCode.config ? ExitCode.aws : error.exitCode;
}
