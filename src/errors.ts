/**
 * The project's error types. Every error a user can cause or meet carries the exit code
 * from DESIGN.md and, where there is one, a suggestion of what to do next. The single
 * top-level handler in cli.ts turns them into one or two lines on stderr.
 */

export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  aws: 4,
  offlineMiss: 5,
  failOn: 6,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class AwstriageError extends Error {
  readonly exitCode: number;
  readonly suggestion: string | undefined;

  constructor(message: string, exitCode: number, suggestion?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.suggestion = suggestion;
  }
}

/** Bad flags, values or arguments (exit 2). */
export class UsageError extends AwstriageError {
  constructor(message: string, suggestion?: string) {
    super(message, ExitCode.usage, suggestion);
  }
}

/** Missing profile or region, unknown profile, expired or invalid credentials (exit 3). */
export class ConfigError extends AwstriageError {
  constructor(message: string, suggestion?: string, options?: { cause?: unknown }) {
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
    details: { kind: AwsFailureKind; region?: string; operation?: string; suggestion?: string; cause?: unknown },
  ) {
    super(message, ExitCode.aws, details.suggestion, { cause: details.cause });
    this.kind = details.kind;
    this.region = details.region;
    this.operation = details.operation;
  }
}

/** `--offline` and the cache cannot answer (exit 5). */
export class OfflineMissError extends AwstriageError {
  constructor(message: string, suggestion?: string) {
    super(message, ExitCode.offlineMiss, suggestion);
  }
}

export function isAwstriageError(error: unknown): error is AwstriageError {
  return error instanceof AwstriageError;
}
