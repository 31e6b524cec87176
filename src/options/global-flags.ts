/**
 * The global options as commander declares them (options.ts validates them). Kept apart from
 * the validation so that building the program, and so `--help`, loads no zod.
 */
import { Option, type Command } from "commander";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "../aws/limits.js";

const GLOBAL_OPTIONS: ReadonlyArray<readonly [flags: string, description: string]> = [
  ["--profile <name>", "AWS profile (default: $AWS_PROFILE, else exported AWS_ACCESS_KEY_ID/SECRET)"],
  [
    "--region <regions>",
    "region, comma-separated regions, or `all` (default: AWS_REGION, AWS_DEFAULT_REGION, profile region)",
  ],
  ["--role-arn <arn>", "assume this IAM role for every call (cross-account)"],
  ["--profiles <names>", "sweep several profiles (comma-separated), one account each"],
  [
    "--accounts <file>",
    "sweep the accounts listed in FILE (- = stdin): a role ARN or profile:NAME per line, optional label; `org`: the organization's accounts",
  ],
  ["--org-role <name>", "with --accounts org: the role to assume in every account"],
  ["--exclude-accounts <ids>", "with --accounts org: leave these account ids out (comma-separated)"],
  ["--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack, moto)"],
  ["--force", "ignore fresh cache entries: fetch, then rewrite them"],
  [
    "--bundle <file>",
    "re-analyse an evidence bundle (awstriage bundle create) offline: profile, regions, window and config from its manifest",
  ],
  ["--offline", "never call AWS; read the cache whatever its age"],
  ["--ttl <duration>", "cache freshness window, e.g. 30s, 10m, 1h, 0 (default: 5m)"],
  [
    "--cache-dir <dir>",
    "cache root (default: $AWSTRIAGE_CACHE_DIR, else tmp/claude_cache in a source checkout, else $XDG_CACHE_HOME/awstriage)",
  ],
  ["-o, --output <format>", "json | ndjson | table (default: table on a terminal, else json)"],
  ["--raw", "emit the raw AWS API items instead of normalized records"],
  [
    "--wide",
    "tables: cut nothing, leave out no column (on a terminal, free text is cut to fit and the least important columns go first; see README)",
  ],
  ["--out <file>", "also write the result as a JSON document to this file"],
  [
    "--out-dir <dir>",
    "also write the records to DIR/<command>-<time>.ndjson, with the --out document beside (for DuckDB, Athena)",
  ],
  ["--max-attempts <n>", "attempts per API call under adaptive retry (default: 3)"],
  [
    "--concurrency <n>",
    `regions worked on, and AWS calls in flight, at once (default: ${DEFAULT_CONCURRENCY}; at most ${MAX_CALLS_PER_ENDPOINT} per regional endpoint)`,
  ],
  ["--log-level <level>", "trace | debug | info | warn | error | fatal | silent (default: info)"],
  ["-q, --quiet", "do not print the context line"],
];

const TABLES_HELP = `
Tables (-o table, the default on a terminal) fit the terminal: what the table is
for (a log message, a finding's title, an alarm's state) gets the room, ids and
states stay whole, other text is cut with …, and repeating or least important
columns are left out first (ec2 list: region, subnet, VPC, ...; the order for
every command is in the README). --wide shows everything. Control characters in
AWS text are shown escaped (\\x1b), never sent to the terminal.
Colour (severities, ALARM) only on a terminal: NO_COLOR=1 off, FORCE_COLOR=1 on.`;

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
      "\nGlobal options (--profile, --region, --offline, -o, --out, ...) work here too;\n`awstriage --help` lists them.",
    );
  else cmd.addHelpText("after", TABLES_HELP);
  return cmd;
}
