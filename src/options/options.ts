/**
 * Global options: declared once on commander (so they work before or after the subcommand)
 * and validated once with zod into the `GlobalOptions` every command receives.
 * Defaults live here, not in commander, so a value given before the subcommand is never
 * overwritten by a default of the subcommand.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// zod/mini: the same zod v4, as functions that a bundler can tree-shake; the full `zod` API
// costs a noticeable share of a cache hit to load, and this module is on every run's path.
import * as z from "zod/mini";
import { parseDuration } from "../time/duration.js";
import { UsageError } from "../errors/errors.js";
import { DEFAULT_CONCURRENCY } from "../aws/limits.js";
import { chooseCacheRoot } from "../cache/root.js";

// The commander declarations live in global-flags.ts, so that `--help` needs no zod.
export { addGlobalOptions } from "./global-flags.js";

export const OUTPUT_FORMATS = ["json", "ndjson", "table"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-4 ... */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** The package root: the parent of the folder this code runs from, dist/ (scripts/build.mjs puts every chunk directly in it) or src/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A whole number from 1 to `max`, given as text; absent stays undefined. Works in `zod` and `zod/mini` schemas alike. */
export const positiveInt = (flag: string, max: number) =>
  z.optional(
    z.pipe(
      z.string().check(
        z.refine((value) => isWholeNumberIn(value, max), {
          error: (issue) => `${flag} must be a whole number from 1 to ${max}, got "${String(issue.input)}"`,
        }),
      ),
      z.transform(Number),
    ),
  );

/**
 * Fails a `z.transform` with `message`. zod/mini hands a transform the bare parse payload, with
 * no `ctx.addIssue` as full zod has, so the issue is pushed as zod itself would.
 */
export function rejectInput(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value });
  return z.NEVER;
}

const oneOf = (flag: string, values: readonly string[]) =>
  z.optional(z.string().check(z.refine((v) => values.includes(v), `${flag} must be one of ${values.join(", ")}`)));

/** Built on first use, not at import: `--help` validates nothing, and building a schema has a cost. */
let globalOptionsSchema: ReturnType<typeof buildGlobalOptionsSchema> | undefined;

const buildGlobalOptionsSchema = () =>
  z.object({
    profile: z.optional(z.string().check(z.minLength(1, "--profile needs a name"))),
    region: z.optional(z.string()),
    profiles: z.optional(z.string().check(z.minLength(1, "--profiles needs profile names"))),
    accounts: z.optional(z.string().check(z.minLength(1, "--accounts needs a file, or - for stdin"))),
    orgRole: z.optional(z.string()),
    excludeAccounts: z.optional(z.string()),
    roleArn: z.optional(
      z.string().check(z.regex(ROLE_ARN_RE, "--role-arn must look like arn:aws:iam::123456789012:role/Name")),
    ),
    endpointUrl: z.optional(
      z
        .string()
        .check(z.refine(isHttpUrl, "--endpoint-url must be an http:// or https:// URL, e.g. http://127.0.0.1:5000")),
    ),
    force: z.optional(z.boolean()),
    offline: z.optional(z.boolean()),
    bundle: z.optional(z.string().check(z.minLength(1, "--bundle needs a file"))),
    ttl: z.optional(z.string()),
    cacheDir: z.optional(z.string().check(z.minLength(1, "--cache-dir needs a folder"))),
    output: oneOf("--output", OUTPUT_FORMATS),
    raw: z.optional(z.boolean()),
    out: z.optional(z.string().check(z.minLength(1, "--out needs a file name"))),
    outDir: z.optional(z.string().check(z.minLength(1, "--out-dir needs a folder"))),
    maxAttempts: positiveInt("--max-attempts", 20),
    concurrency: positiveInt("--concurrency", 64),
    logLevel: oneOf("--log-level", LOG_LEVELS),
    quiet: z.optional(z.boolean()),
    wide: z.optional(z.boolean()),
  });

export interface GlobalOptions {
  profile: string | undefined;
  /** Explicit regions from --region; `"all"` asks EC2 for the enabled ones; undefined = default chain. */
  regions: string[] | "all" | undefined;
  roleArn: string | undefined;
  /** `--profiles a,b,c`: a sweep over these profiles (src/sweep/). */
  profiles: string | undefined;
  /** `--accounts FILE` (`-` = stdin): a sweep over the role ARNs and profiles it lists. */
  accounts: string | undefined;
  /** `--accounts org --org-role NAME`: the role assumed in every account of the organization. */
  orgRole: string | undefined;
  /** `--exclude-accounts ID,…`: accounts an organization sweep leaves out. */
  excludeAccounts: string | undefined;
  endpointUrl: string | undefined;
  force: boolean;
  offline: boolean;
  /** `--bundle FILE`: read an evidence bundle offline (bundle/apply-bundle.ts fills in the rest). */
  bundle?: string | undefined;
  /** Not a flag: the sha256 of that bundle's manifest, recorded in `--out` with its path. */
  bundleManifestSha256?: string | undefined;
  ttlMs: number;
  cacheRoot: string;
  output: OutputFormat;
  /** `-o` was given (not the default for stdout): notes about overriding it only then. */
  outputGiven?: boolean;
  raw: boolean;
  out: string | undefined;
  /** `--out-dir DIR`: each run's records as `<command>-<time>.ndjson`, with its --out document beside. */
  outDir: string | undefined;
  maxAttempts: number;
  concurrency: number;
  logLevel: LogLevel;
  quiet: boolean;
  /** `--wide`: tables show every column and every character. */
  wide: boolean;
}

function isWholeNumberIn(value: string, max: number): boolean {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= max;
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
  if (regions.includes("all"))
    throw new UsageError(
      "--region all cannot be combined with other regions",
      "pass either all or a comma-separated list",
    );
  for (const region of regions) {
    if (!REGION_RE.test(region)) {
      throw new UsageError(
        `invalid region "${region}" in --region`,
        "use a region code such as us-east-1, a comma-separated list, or all",
      );
    }
  }
  return regions;
}

/** First zod issue as one line; zod's own multi-line report is for developers. Takes the errors of `zod` and `zod/mini` alike. */
export function firstIssue(error: { issues: ReadonlyArray<{ message: string }> }): string {
  const issue = error.issues[0];
  return issue === undefined ? "invalid options" : issue.message;
}

export function parseGlobalOptions(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): GlobalOptions {
  globalOptionsSchema ??= buildGlobalOptionsSchema();
  const parsed = globalOptionsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(firstIssue(parsed.error));
  const o = parsed.data;
  if (o.force && o.offline) throw new UsageError("--force and --offline cannot be used together");
  if (o.profiles !== undefined && o.accounts !== undefined)
    throw new UsageError(
      "--profiles and --accounts cannot be used together",
      "list profiles in the file as profile:NAME",
    );
  if ((o.orgRole !== undefined || o.excludeAccounts !== undefined) && o.accounts !== "org")
    throw new UsageError("--org-role and --exclude-accounts go with --accounts org");
  if (o.roleArn !== undefined && (o.profiles !== undefined || o.accounts !== undefined))
    throw new UsageError(
      "--role-arn cannot be combined with --profiles or --accounts",
      "list the role ARN in the --accounts file",
    );
  return {
    profile: o.profile ?? (env.AWS_PROFILE || undefined),
    regions: o.region === undefined ? undefined : parseRegions(o.region),
    roleArn: o.roleArn,
    profiles: o.profiles,
    accounts: o.accounts,
    orgRole: o.orgRole,
    excludeAccounts: o.excludeAccounts,
    endpointUrl: o.endpointUrl,
    force: o.force ?? false,
    offline: o.offline ?? false,
    bundle: o.bundle === undefined ? undefined : resolve(o.bundle),
    ttlMs: o.ttl === undefined ? 5 * 60_000 : parseDuration(o.ttl, "--ttl"),
    cacheRoot: chooseCacheRoot({ cacheDir: o.cacheDir, env, packageRoot: PACKAGE_ROOT }).path,
    output: (o.output as OutputFormat | undefined) ?? (stdoutIsTty ? "table" : "json"),
    outputGiven: o.output !== undefined,
    raw: o.raw ?? false,
    out: o.out === undefined ? undefined : resolve(o.out),
    outDir: o.outDir === undefined ? undefined : resolve(o.outDir),
    maxAttempts: o.maxAttempts ?? 3,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    // -q silences the notes too (info lines such as "kept the newest N"); warnings stay.
    logLevel: (o.logLevel as LogLevel | undefined) ?? (o.quiet ? "warn" : "info"),
    quiet: o.quiet ?? false,
    wide: o.wide ?? false,
  };
}
