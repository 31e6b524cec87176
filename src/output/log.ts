/**
 * pino logger whose destination is injected: stderr by default (stdout is for data only).
 * People read the default format (`awstriage warn: message key=value`); set
 * AWSTRIAGE_LOG_FORMAT=json to get pino's JSON lines for machines instead.
 *
 * pino is loaded on the first line that is really written, not at start-up: most runs log
 * nothing, and loading pino is a noticeable share of a cache hit. `createLogger` returns a
 * stand-in with pino's full `Logger` type; calls below the level are answered without pino,
 * anything else builds the real logger and is forwarded to it.
 */
import { createRequire } from "node:module";
import type { DestinationStream, Logger } from "pino";
import type { LogLevel } from "../options/options.js";
import { terminalLines, terminalSafe } from "./terminal-text.js";

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

export const REDACT_PATHS: string[] = Array.from({ length: REDACT_DEPTH }, (_, depth) =>
  Array<string>(depth).fill("*").join("."),
).flatMap((prefix) => CREDENTIAL_KEYS.map((key) => redactPath(prefix, key)));

/** pino's numeric levels (they are part of its JSON format, so they do not change). */
const LEVEL_VALUES: Readonly<Record<LogLevel, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};
const LEVEL_LABELS = new Map(Object.entries(LEVEL_VALUES).map(([label, value]) => [value, label]));

const SKIP_KEYS = new Set(["level", "time", "msg", "pid", "hostname"]);

/** Turns one pino JSON line into `awstriage <level>: msg key=value ...`. */
export function humanLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return terminalLines(jsonLine);
  }
  const label = typeof entry.level === "number" ? (LEVEL_LABELS.get(entry.level) ?? "log") : "log";
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  // One line on a terminal whatever the message holds (AWS text, control characters included).
  return `${terminalSafe(`awstriage ${label}: ${String(entry.msg ?? "")}${fields.length ? ` ${fields.join(" ")}` : ""}`)}\n`;
}

export function humanStream(write: (text: string) => void): DestinationStream {
  return { write: (line: string) => write(humanLine(line)) };
}

/**
 * The built CLI's own copy of pino, `./pino.cjs` beside the chunk (scripts/build.mjs bundles it
 * and defines this name); undefined when running from source, which requires `pino` itself.
 */
declare const AWSTRIAGE_PINO: string | undefined;

/**
 * pino through require(), so that it is not evaluated with the start-up code (a static import
 * would run pino's module code at once) and is there when the first line is logged, which
 * happens synchronously. An installed copy has no node_modules: it requires the bundled copy.
 */
function loadPino(): typeof import("pino") {
  const bundled = typeof AWSTRIAGE_PINO === "string" ? AWSTRIAGE_PINO : undefined;
  return createRequire(import.meta.url)(bundled ?? "pino") as typeof import("pino");
}

function buildLogger(level: LogLevel, destination: DestinationStream | undefined, env: NodeJS.ProcessEnv): Logger {
  const { pino } = loadPino();
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

const noop = (): void => undefined;

function isLevel(name: PropertyKey): name is LogLevel {
  return typeof name === "string" && Object.hasOwn(LEVEL_VALUES, name);
}

export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  let real: Logger | undefined;
  const load = (): Logger => (real ??= buildLogger(level, destination, env));
  const threshold = LEVEL_VALUES[level];
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (real === undefined) {
        if (isLevel(property) && LEVEL_VALUES[property] < threshold) return noop;
        if (property === "level") return level;
        if (property === "isLevelEnabled") return (name: string) => isLevel(name) && LEVEL_VALUES[name] >= threshold;
      }
      const logger = load();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set(_target, property, value) {
      return Reflect.set(load(), property, value);
    },
    has(_target, property) {
      return Reflect.has(load(), property);
    },
  });
}
