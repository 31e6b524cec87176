/**
 * pino logger whose destination is injected: stderr by default (stdout is for data only).
 * People read the default format (`awstriage warn: message key=value`); set
 * AWSTRIAGE_LOG_FORMAT=json to get pino's JSON lines for machines instead.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./options.js";

export type { Logger } from "pino";

/**
 * Credential-shaped field names: SDK credentials, the shared config file's keys, SSO tokens,
 * HTTP signing headers (as the `--log-level trace` request log has them), and Lambda
 * environment variables. Matched at any of the first few nesting levels.
 */
export const CREDENTIAL_KEYS = [
  "accessKeyId",
  "secretAccessKey",
  "sessionToken",
  "AccessKeyId",
  "SecretAccessKey",
  "SessionToken",
  "credentials",
  "Credentials",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "accessToken",
  "refreshToken",
  "clientSecret",
  "password",
  "authorization",
  "Authorization",
  "x-amz-security-token",
  "X-Amz-Security-Token",
  "Variables",
] as const;

/** How deep (in objects) a credential-shaped key is still redacted. */
export const REDACT_DEPTH = 3;

function redactPath(prefix: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  if (prefix === "") return plain ? key : `["${key}"]`;
  return plain ? `${prefix}.${key}` : `${prefix}["${key}"]`;
}

export const REDACT_PATHS: string[] = Array.from({ length: REDACT_DEPTH }, (_, depth) => Array<string>(depth).fill("*").join(".")).flatMap(
  (prefix) => CREDENTIAL_KEYS.map((key) => redactPath(prefix, key)),
);

const SKIP_KEYS = new Set(["level", "time", "msg", "pid", "hostname"]);

/** Turns one pino JSON line into `awstriage <level>: msg key=value ...`. */
export function humanLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const label = typeof entry.level === "number" ? (pino.levels.labels[entry.level] ?? "log") : "log";
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return `awstriage ${label}: ${String(entry.msg ?? "")}${fields.length ? ` ${fields.join(" ")}` : ""}\n`;
}

export function humanStream(write: (text: string) => void): DestinationStream {
  return { write: (line: string) => write(humanLine(line)) };
}

export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const dest =
    destination ??
    (env.AWSTRIAGE_LOG_FORMAT === "json"
      ? pino.destination({ fd: 2, sync: true })
      : humanStream((text) => process.stderr.write(text)));
  return pino(
    {
      level,
      base: undefined,
      timestamp: env.AWSTRIAGE_LOG_FORMAT === "json" ? pino.stdTimeFunctions.isoTime : false,
      redact: { paths: REDACT_PATHS, censor: "<redacted>" },
    },
    dest,
  );
}
