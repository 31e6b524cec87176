/**
 * Global options: declared once on commander (so they work before or after the subcommand)
 * and validated once with zod into the `GlobalOptions` every command receives.
 * Defaults live here, not in commander, so a value given before the subcommand is never
 * overwritten by a default of the subcommand.
 */
import { Option, type Command } from "commander";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseDuration } from "./duration.js";
import { UsageError } from "./errors.js";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./aws/provider.js";

export const OUTPUT_FORMATS = ["json", "ndjson", "table"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-4 ... */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** The package root (two levels above dist/options.js or src/options.ts). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CACHE_ROOT = join(PACKAGE_ROOT, "tmp", "claude_cache");

const GLOBAL_OPTIONS: ReadonlyArray<readonly [flags: string, description: string]> = [
  ["--profile <name>", "AWS profile (default: $AWS_PROFILE)"],
  ["--region <regions>", "region, comma-separated regions, or `all` (default: AWS_REGION, AWS_DEFAULT_REGION, profile region)"],
  ["--role-arn <arn>", "assume this IAM role for every call (cross-account)"],
  ["--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack, moto)"],
  ["--force", "ignore fresh cache entries: fetch, then rewrite them"],
  ["--offline", "never call AWS; read the cache whatever its age"],
  ["--ttl <duration>", "cache freshness window, e.g. 30s, 10m, 1h, 0 (default: 5m)"],
  ["--cache-dir <dir>", "cache root (default: $AWSTRIAGE_CACHE_DIR or tmp/claude_cache in the package)"],
  ["-o, --output <format>", "json | ndjson | table (default: table on a terminal, else json)"],
  ["--raw", "emit the raw AWS API items instead of normalized records"],
  ["--out <file>", "also write the result as a JSON document to this file"],
  ["--max-attempts <n>", "attempts per API call under adaptive retry (default: 3)"],
  ["--concurrency <n>", `regions worked on, and AWS calls in flight, at once (default: ${DEFAULT_CONCURRENCY}; at most ${MAX_CALLS_PER_ENDPOINT} per regional endpoint)`],
  ["--log-level <level>", "trace | debug | info | warn | error | fatal | silent (default: info)"],
  ["-q, --quiet", "do not print the context line"],
];

/**
 * Declares the global options on a command. The program shows them in its help; subcommands
 * accept them too (so they work after the subcommand) but keep them out of their own help.
 */
export function addGlobalOptions(cmd: Command, options: { hidden?: boolean } = {}): Command {
  for (const [flags, description] of GLOBAL_OPTIONS) {
    const option = new Option(flags, description);
    cmd.addOption(options.hidden ? option.hideHelp() : option);
  }
  if (options.hidden) cmd.addHelpText("after", "\nGlobal options (--profile, --region, --offline, -o, --out, ...) work here too: see `awstriage --help`.");
  return cmd;
}

export const positiveInt = (flag: string, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: "custom", message: `${flag} must be a whole number from 1 to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

export const rawGlobalOptionsSchema = z.object({
  profile: z.string().min(1, "--profile needs a name").optional(),
  region: z.string().optional(),
  roleArn: z
    .string()
    .regex(ROLE_ARN_RE, "--role-arn must look like arn:aws:iam::123456789012:role/Name")
    .optional(),
  endpointUrl: z
    .string()
    .refine(isHttpUrl, "--endpoint-url must be an http:// or https:// URL, e.g. http://127.0.0.1:5000")
    .optional(),
  force: z.boolean().optional(),
  offline: z.boolean().optional(),
  ttl: z.string().optional(),
  cacheDir: z.string().min(1, "--cache-dir needs a folder").optional(),
  output: z
    .string()
    .refine((v) => (OUTPUT_FORMATS as readonly string[]).includes(v), {
      message: `--output must be one of ${OUTPUT_FORMATS.join(", ")}`,
    })
    .optional(),
  raw: z.boolean().optional(),
  out: z.string().min(1, "--out needs a file name").optional(),
  maxAttempts: positiveInt("--max-attempts", 20),
  concurrency: positiveInt("--concurrency", 64),
  logLevel: z
    .string()
    .refine((v) => (LOG_LEVELS as readonly string[]).includes(v), {
      message: `--log-level must be one of ${LOG_LEVELS.join(", ")}`,
    })
    .optional(),
  quiet: z.boolean().optional(),
});

export interface GlobalOptions {
  profile: string | undefined;
  /** Explicit regions from --region; `"all"` asks EC2 for the enabled ones; undefined = default chain. */
  regions: string[] | "all" | undefined;
  roleArn: string | undefined;
  endpointUrl: string | undefined;
  force: boolean;
  offline: boolean;
  ttlMs: number;
  cacheRoot: string;
  output: OutputFormat;
  raw: boolean;
  out: string | undefined;
  maxAttempts: number;
  concurrency: number;
  logLevel: LogLevel;
  quiet: boolean;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function parseRegions(input: string): string[] | "all" {
  const text = input.trim();
  if (text === "all") return "all";
  const regions = [...new Set(text.split(",").map((r) => r.trim()))];
  if (regions.includes("all")) throw new UsageError("--region all cannot be combined with other regions", "pass either all or a comma-separated list");
  for (const region of regions) {
    if (!REGION_RE.test(region)) {
      throw new UsageError(`invalid region "${region}" in --region`, "use a region code such as us-east-1, a comma-separated list, or all");
    }
  }
  return regions;
}

/** First zod issue as one line; zod's own multi-line report is for developers. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? "invalid options" : issue.message;
}

export function parseGlobalOptions(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): GlobalOptions {
  const parsed = rawGlobalOptionsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(firstIssue(parsed.error));
  const o = parsed.data;
  if (o.force && o.offline) throw new UsageError("--force and --offline cannot be used together");
  return {
    profile: o.profile ?? (env.AWS_PROFILE || undefined),
    regions: o.region === undefined ? undefined : parseRegions(o.region),
    roleArn: o.roleArn,
    endpointUrl: o.endpointUrl,
    force: o.force ?? false,
    offline: o.offline ?? false,
    ttlMs: o.ttl === undefined ? 5 * 60_000 : parseDuration(o.ttl, "--ttl"),
    cacheRoot: resolve(o.cacheDir ?? (env.AWSTRIAGE_CACHE_DIR || DEFAULT_CACHE_ROOT)),
    output: (o.output as OutputFormat | undefined) ?? (stdoutIsTty ? "table" : "json"),
    raw: o.raw ?? false,
    out: o.out === undefined ? undefined : resolve(o.out),
    maxAttempts: o.maxAttempts ?? 3,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    logLevel: (o.logLevel as LogLevel | undefined) ?? "info",
    quiet: o.quiet ?? false,
  };
}
