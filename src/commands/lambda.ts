/**
 * `awstriage lambda list` (ListFunctions, environment values redacted before caching) and
 * `lambda metrics` (GetMetricData over a window). The data comes from sources/lambda.ts.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import { Run } from "../run/run.js";
import { FUNCTION_COLUMNS, LAMBDA_METRICS_COLUMNS, redactFunction } from "../normalize/lambda.js";
import { collectFunctions, collectLambdaMetrics, fetchLambdaMetrics, functionsSpec } from "../sources/lambda.js";
import { checkWindowOrder, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { emitRaw, emitRecords } from "./emit-records.js";
import { action, parseLocal, subcommand } from "./command.js";
import { commaList } from "./option-schemas.js";

export const listOptionsSchema = z.object({ runtime: commaList });

export const metricsOptionsSchema = z
  .object({
    ...windowFlags(),
    function: z.optional(z.string().check(z.trim(), z.minLength(1, "--function needs a function name"))),
  })
  .check(checkWindowOrder);

export function register(lambda: Command): void {
  subcommand(lambda, "list", "list Lambda functions (ListFunctions); environment values are redacted")
    .option("--runtime <runtimes>", "only these runtimes (comma-separated), e.g. python3.12,nodejs20.x")
    .action(
      action(async (globals, local) => {
        const filter = parseLocal(listOptionsSchema, local);
        const run = await Run.create(globals);
        // Redacted again on the way out: the fetch redacts before caching, but a cache file
        // written by anything else (or an older version) must not print a value either.
        if (globals.raw) return emitRaw(run, "lambda list", functionsSpec, redactFunction);
        const records = await collectFunctions(run, { runtimes: filter.runtime });
        return emitRecords(run, "lambda list", records, FUNCTION_COLUMNS);
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
      action(async (globals, local) => {
        const options = parseLocal(metricsOptionsSchema, local);
        const run = await Run.create(globals);
        const query = { since: options.since.text, until: options.until?.text, fn: options.function };
        if (globals.raw) {
          const perRegion = await fetchLambdaMetrics(run, query);
          return emitRecords(
            run,
            "lambda metrics",
            perRegion.flatMap((r) => r.metrics?.items ?? []),
          );
        }
        return emitRecords(run, "lambda metrics", await collectLambdaMetrics(run, query), LAMBDA_METRICS_COLUMNS);
      }),
    );
}
