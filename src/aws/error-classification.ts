/**
 * Classifies SDK errors by `error.name`, `$metadata.httpStatusCode` and Node's network
 * `error.code`, never by message text (the model is smithy's service-error-classification).
 * The tables are data so a newcomer can see at a glance what maps where.
 */
import { AwstriageError, fail } from "../errors/errors.js";

/** Credentials that are missing, expired or rejected: the user must fix configuration (exit 3). */
export const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "AuthFailure",
  "RequestExpired",
  // Raised by the SDK's credential chain (no credentials, SSO session expired, process failed).
  "CredentialsProviderError",
  "TokenProviderError",
  // SSO portal answers when the cached SSO access token has expired.
  "UnauthorizedException",
]);

/** Names whose failure is (also) an expired token, so the fix mentions a fresh login. */
export const EXPIRED_ERROR_NAMES: ReadonlySet<string> = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "TokenProviderError",
  "UnauthorizedException",
]);

/** Throttling codes across EC2, Lambda, CloudWatch, Logs and STS. */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "EC2ThrottledException",
  "SlowDown",
  "BandwidthLimitExceeded",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
]);

export const ACCESS_DENIED_ERROR_NAMES: ReadonlySet<string> = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "OptInRequired",
]);

/**
 * Node socket errors (`error.code`) and SDK timeout names that mean "endpoint unreachable",
 * with what each means to a person. The keys are the set `classifyError` tests against.
 */
export const NETWORK_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection dropped",
  EPIPE: "connection dropped",
  ECONNABORTED: "connection dropped",
  ETIMEDOUT: "no answer in time",
  TimeoutError: "no answer in time",
  RequestTimeout: "no answer in time",
  RequestTimeoutException: "no answer in time",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

const isNetworkFailure = (key: unknown): boolean => typeof key === "string" && Object.hasOwn(NETWORK_FAILURES, key);

/** Raised by the SDK's credential chain itself; their messages say what is missing (no secrets). */
const CREDENTIAL_CHAIN_ERROR_NAMES: ReadonlySet<string> = new Set(["CredentialsProviderError", "TokenProviderError"]);

/** A 2xx answer without a request id (answer-check.ts): something other than AWS answered. */
export const NOT_AN_ANSWER_NAMES: ReadonlySet<string> = new Set(["NoRequestId"]);

/** What the SDK names an error answer that held no AWS error code (a bare 500, a proxy's page). */
export const UNNAMED_ANSWER_NAMES: ReadonlySet<string> = new Set(["Unknown", "UnknownError"]);

export type ErrorClass =
  | "credentials"
  | "throttled"
  | "access-denied"
  | "unreachable"
  | "not-aws"
  | "http"
  | "api"
  | "unknown";

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
  $fault?: unknown;
}

function asSdkError(error: unknown): SdkLikeError {
  return typeof error === "object" && error !== null ? (error as SdkLikeError) : {};
}

export function errorName(error: unknown): string {
  const { name } = asSdkError(error);
  return typeof name === "string" ? name : "Error";
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = asSdkError(error).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

export function classifyError(error: unknown): ErrorClass {
  const name = errorName(error);
  const { code, $metadata, $fault } = asSdkError(error);
  const status = httpStatusOf(error);
  if (CREDENTIAL_ERROR_NAMES.has(name)) return "credentials";
  if (THROTTLING_ERROR_NAMES.has(name) || status === 429) return "throttled";
  if (ACCESS_DENIED_ERROR_NAMES.has(name) || status === 403) return "access-denied";
  if (isNetworkFailure(name) || isNetworkFailure(code)) return "unreachable";
  if (NOT_AN_ANSWER_NAMES.has(name)) return "not-aws";
  if (UNNAMED_ANSWER_NAMES.has(name) && status !== undefined) return "http";
  // The SDK's own parse error (no `$fault`, which service errors carry): a body of no AWS JSON or XML (an HTML page).
  if ((name === "SyntaxError" || name === "Error") && status !== undefined && $fault === undefined)
    return status >= 300 ? "http" : "not-aws";
  if ($metadata !== undefined || $fault !== undefined) return "api";
  return "unknown";
}

export interface CallSite {
  service: string;
  operation: string;
  region: string;
  profile: string;
  endpoint?: string | undefined;
  /** True when the profile logs in through IAM Identity Center, so the fix is `aws sso login`. */
  sso?: boolean;
  /** True for keys exported in the environment (no profile): the fix is to export fresh ones. */
  environment?: boolean;
}

/**
 * Maps an SDK (or credential-chain, or socket) error to the project's domain error.
 * Errors that are not AWS-shaped (bugs) are returned unchanged so they surface as exit 1.
 */
export function toDomainError(error: unknown, site: CallSite): AwstriageError | unknown {
  if (error instanceof AwstriageError) return error;
  const cls = classifyError(error);
  const name = errorName(error);
  const where = `${site.service} ${site.operation} in ${site.region}`;
  const detail = error instanceof Error && error.message ? `: ${firstLine(error.message)}` : "";
  const at = { region: site.region, operation: site.operation, cause: error };
  switch (cls) {
    case "credentials": {
      const who = {
        where,
        profile: site.profile,
        environment: site.environment === true,
        sso: site.sso === true,
        error: name,
      };
      if (CREDENTIAL_CHAIN_ERROR_NAMES.has(name)) return fail("CredentialsUnloadable", { ...who, detail }, at);
      return fail(EXPIRED_ERROR_NAMES.has(name) ? "CredentialsExpired" : "CredentialsRejected", who, at);
    }
    case "throttled":
      return fail("Throttled", { where, error: name, attempts: attemptsText(error) }, at);
    case "access-denied":
      return fail(
        "AccessDenied",
        {
          where,
          error: name,
          detail,
          profile: site.profile,
          environment: site.environment === true,
          action: `${site.service}:${site.operation}`,
        },
        at,
      );
    case "unreachable":
      return fail(
        "EndpointUnreachable",
        {
          where,
          endpoint: endpointOf(site),
          failure: `${networkFailure(error)}${attemptsSuffix(error)}`,
        },
        at,
      );
    case "not-aws": {
      const answer = error instanceof Error ? firstLine(error.message) : "an answer without a request id";
      return fail("NotAnAwsAnswer", { where, endpoint: endpointOf(site), answer }, at);
    }
    case "http":
      return fail(
        "HttpFailure",
        { where, endpoint: endpointOf(site), status: httpStatusOf(error) ?? 0, attempts: attemptsText(error) },
        at,
      );
    case "api":
      return fail("AwsFailure", { where, error: name, detail }, at);
    default:
      return error;
  }
}

function endpointOf(site: CallSite): string {
  return site.endpoint ?? "the default AWS endpoint";
}

function codeOrName(error: unknown): string {
  const { code } = asSdkError(error);
  return typeof code === "string" ? code : errorName(error);
}

/** `ECONNREFUSED: connection refused`, `TimeoutError: no answer in time`. */
function networkFailure(error: unknown): string {
  const key = codeOrName(error);
  const text = NETWORK_FAILURES[key] ?? NETWORK_FAILURES[errorName(error)];
  return text === undefined ? key : `${key}: ${text}`;
}

function attemptsOf(error: unknown): number | undefined {
  const attempts = asSdkError(error).$metadata?.attempts;
  return typeof attempts === "number" ? attempts : undefined;
}

function attemptsText(error: unknown): string {
  const attempts = attemptsOf(error);
  return attempts === undefined
    ? "all retry attempts"
    : `${attempts} attempt${attempts === 1 ? "" : "s"} (--max-attempts)`;
}

function attemptsSuffix(error: unknown): string {
  const attempts = attemptsOf(error);
  return attempts === undefined ? "" : `, ${attempts} attempt${attempts === 1 ? "" : "s"}`;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
