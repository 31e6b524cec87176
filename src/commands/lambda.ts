/**
 * `awstriage lambda list` (ListFunctions, environment values redacted before caching) and
 * `lambda metrics` (GetMetricData over a window). The data comes from sources/lambda.ts.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { FUNCTION_COLUMNS, LAMBDA_METRICS_COLUMNS, redactFunction } from "../normalize/lambda.js";
import { collectFunctions, collectLambdaMetrics, fetchLambdaMetrics, functionsSpec } from "../sources/lambda.js";
import { checkWindowOrder, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { rawResult, recordsResult } from "./results.js";
import { action, parseLocal, subcommand } from "./command.js";
import { commaList } from "./option-schemas.js";
import { renderLambdaMetricsTable } from "../output/lambda-metrics-table.js";
import type { LambdaMetricsRecord } from "../records/index.js";

export const listOptionsSchema = z.object({ runtime: commaList });

export const metricsOptionsSchema = z
  .object({
    ...windowFlags(),
    function: z.optional(z.string().check(z.trim(), z.minLength(1, "--function needs a function name"))),
  })
  .check(checkWindowOrder);

/** `lambda list`; `--raw` the cached ListFunctions items, redacted again on the way out. */
export async function collectList(
  run: Invocation,
  options: { runtimes?: string[] | undefined; raw: boolean },
): Promise<CommandResult> {
  // Redacted again on the way out: the fetch redacts before caching, but a cache file
  // written by anything else (or an older version) must not print a value either.
  if (options.raw) return rawResult(run, "lambda list", functionsSpec, redactFunction);
  return recordsResult("lambda list", await collectFunctions(run, { runtimes: options.runtimes }), FUNCTION_COLUMNS);
}

/** `lambda metrics` over a window; `--raw` the GetMetricData results as cached. */
export async function collectMetrics(
  run: Invocation,
  options: z.output<typeof metricsOptionsSchema> & { raw: boolean },
): Promise<CommandResult> {
  const query = { since: options.since.text, until: options.until?.text, fn: options.function };
  if (options.raw) {
    const perRegion = await fetchLambdaMetrics(run, query);
    return recordsResult(
      "lambda metrics",
      perRegion.flatMap((r) => r.metrics?.items ?? []),
    );
  }
  return recordsResult("lambda metrics", await collectLambdaMetrics(run, query), LAMBDA_METRICS_COLUMNS, {
    table: (view, all) => renderLambdaMetricsTable(all as LambdaMetricsRecord[], view),
  });
}

export function register(lambda: Command): void {
  subcommand(lambda, "list", "list Lambda functions (ListFunctions); environment values are redacted")
    .option("--runtime <runtimes>", "only these runtimes (comma-separated), e.g. python3.12,nodejs20.x")
    .action(
      action((globals, local) => {
        const options = { runtimes: parseLocal(listOptionsSchema, local).runtime, raw: globals.raw };
        return (run) => collectList(run, options);
      }),
    );
  subcommand(
    lambda,
    "metrics",
    "invocations, errors, throttles and duration per function over a window (GetMetricData)",
  )
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option("--function <name>", "only this function (name or ARN)")
    .action(
      action((globals, local) => {
        const options = { ...parseLocal(metricsOptionsSchema, local), raw: globals.raw };
        return (run) => collectMetrics(run, options);
      }),
    );
}
