/**
 * The global options as commander declares them (options.ts validates them). Kept apart from
 * the validation so that building the program, and so `--help`, loads no zod.
 */
import { Option, type Command } from "commander";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./aws/limits.js";

const GLOBAL_OPTIONS: ReadonlyArray<readonly [flags: string, description: string]> = [
  ["--profile <name>", "AWS profile (default: $AWS_PROFILE)"],
  [
    "--region <regions>",
    "region, comma-separated regions, or `all` (default: AWS_REGION, AWS_DEFAULT_REGION, profile region)",
  ],
  ["--role-arn <arn>", "assume this IAM role for every call (cross-account)"],
  ["--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack, moto)"],
  ["--force", "ignore fresh cache entries: fetch, then rewrite them"],
  ["--offline", "never call AWS; read the cache whatever its age"],
  ["--ttl <duration>", "cache freshness window, e.g. 30s, 10m, 1h, 0 (default: 5m)"],
  [
    "--cache-dir <dir>",
    "cache root (default: $AWSTRIAGE_CACHE_DIR, else tmp/claude_cache in a source checkout, else $XDG_CACHE_HOME/awstriage)",
  ],
  ["-o, --output <format>", "json | ndjson | table (default: table on a terminal, else json)"],
  ["--raw", "emit the raw AWS API items instead of normalized records"],
  ["--out <file>", "also write the result as a JSON document to this file"],
  ["--max-attempts <n>", "attempts per API call under adaptive retry (default: 3)"],
  [
    "--concurrency <n>",
    `regions worked on, and AWS calls in flight, at once (default: ${DEFAULT_CONCURRENCY}; at most ${MAX_CALLS_PER_ENDPOINT} per regional endpoint)`,
  ],
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
  if (options.hidden)
    cmd.addHelpText(
      "after",
      "\nGlobal options (--profile, --region, --offline, -o, --out, ...) work here too: see `awstriage --help`.",
    );
  return cmd;
}
