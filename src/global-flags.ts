/**
 * The global options as commander declares them (options.ts validates them). Kept apart from
 * the validation so that building the program, and so `--help`, loads no zod.
 */
import type { Command } from "commander";

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option("--profile <name>", "AWS profile (default: $AWS_PROFILE)")
    .option("--region <regions>", "region, comma-separated regions, or `all` (default: AWS_REGION, AWS_DEFAULT_REGION, profile region)")
    .option("--role-arn <arn>", "assume this IAM role for every call (cross-account)")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (LocalStack, moto)")
    .option("--force", "ignore fresh cache entries: fetch, then rewrite them")
    .option("--offline", "never call AWS; read the cache whatever its age")
    .option("--ttl <duration>", "cache freshness window, e.g. 30s, 10m, 1h, 0 (default: 5m)")
    .option("--cache-dir <dir>", "cache root (default: $AWSTRIAGE_CACHE_DIR or tmp/claude_cache in the package)")
    .option("-o, --output <format>", "json | ndjson | table (default: table on a terminal, else json)")
    .option("--raw", "emit the raw AWS API items instead of normalized records")
    .option("--out <file>", "also write the result as a JSON document to this file")
    .option("--max-attempts <n>", "attempts per API call under adaptive retry (default: 3)")
    .option("--concurrency <n>", "parallel regions/calls (default: 4)")
    .option("--log-level <level>", "trace | debug | info | warn | error | fatal | silent (default: info)")
    .option("-q, --quiet", "do not print the context line");
}
