/**
 * `awstriage cloudwatch alarms` (DescribeAlarms: metric and composite) and
 * `cloudwatch metrics` (GetMetricData for one metric: one record per datapoint).
 * The data comes from sources/cloudwatch.ts.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { looksLikeDuration, parseDuration } from "../time/duration.js";
import { rejectInput } from "../options/options.js";
import { UsageError } from "../errors/errors.js";
import { ALARM_COLUMNS, ALARM_STATES, DATAPOINT_COLUMNS } from "../normalize/cloudwatch.js";
import { defaultPeriod, isValidPeriod, isValidStat, STANDARD_STATS } from "../metrics/metric-queries.js";
import {
  alarmsSpec,
  collectAlarms as alarmRecords,
  collectMetricDatapoints,
  metricSpec,
  type MetricQuery,
} from "../sources/cloudwatch.js";
import { checkWindowOrder, resolveRunWindow, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { rawResult, recordsResult } from "./results.js";
import { action, parseLocal, subcommand } from "./command.js";
import { collect, enumList, keyValueMap, positiveInt } from "./option-schemas.js";
import { HEALTH_SOURCES } from "../health/catalogue.js";
import { HEALTH_COLUMNS, healthRecords } from "../health/evaluate.js";
import { DEFAULT_MAX_METRICS, metricHealthBatches } from "../sources/metric-health.js";
import { renderDatapointTable } from "../output/datapoint-table.js";
import type { MetricDatapointRecord } from "../records/index.js";

export const alarmsOptionsSchema = z.object({ state: enumList("--state", ALARM_STATES) });

/** `--period` as a duration (`5m`) or whole seconds (`300`). */
const periodFlag = z.optional(
  z.pipe(
    z.string(),
    z.transform((value, ctx) => {
      const text = value.trim();
      const seconds = /^\d+$/.test(text)
        ? Number(text)
        : looksLikeDuration(text)
          ? parseDuration(text, "--period") / 1000
          : Number.NaN;
      if (!isValidPeriod(seconds))
        return rejectInput(
          ctx,
          `--period must be 1, 5, 10, 20 or 30 seconds or whole minutes (e.g. 60, 5m, 1h), got "${value}"`,
        );
      return seconds;
    }),
  ),
);

export const metricsOptionsSchema = z
  .object({
    namespace: z
      .string({ error: "--namespace is required, e.g. --namespace AWS/Lambda" })
      .check(z.trim(), z.minLength(1, "--namespace needs a value, e.g. AWS/Lambda")),
    metric: z
      .string({ error: "--metric is required, e.g. --metric Errors" })
      .check(z.trim(), z.minLength(1, "--metric needs a value, e.g. Errors")),
    dimension: keyValueMap("--dimension"),
    stat: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.refine(isValidStat, `--stat must be ${STANDARD_STATS.join(", ")} or a percentile such as p99`),
        ),
    ),
    period: periodFlag,
    ...windowFlags(),
  })
  .check(checkWindowOrder);

export const healthOptionsSchema = z
  .object({
    sources: enumList("--sources", HEALTH_SOURCES),
    maxMetrics: positiveInt("--max-metrics", 1_000_000),
    ...windowFlags(),
  })
  .check(checkWindowOrder);

/** `cloudwatch health`: the metric catalogue's values per resource (computed, so no `--raw`). */
export async function collectHealth(
  run: Invocation,
  options: z.output<typeof healthOptionsSchema>,
): Promise<CommandResult> {
  const window = resolveRunWindow(run, options);
  const metricsQueried: Record<string, number> = {};
  const { batches } = await metricHealthBatches(run, {
    since: options.since.text,
    until: options.until?.text,
    window,
    sources: new Set(options.sources ?? HEALTH_SOURCES) as ReadonlySet<(typeof HEALTH_SOURCES)[number]>,
    maxMetrics: options.maxMetrics ?? DEFAULT_MAX_METRICS,
    onMetricsQueried: (region, metrics) => {
      metricsQueried[region] = metrics;
    },
  });
  return {
    command: "cloudwatch health",
    records: healthRecords(batches),
    columns: HEALTH_COLUMNS,
    document: { metricsQueried },
  };
}

/** `cloudwatch alarms`; `--raw` the cached DescribeAlarms items. */
export async function collectAlarms(
  run: Invocation,
  options: { states?: string[] | undefined; raw: boolean },
): Promise<CommandResult> {
  if (options.raw) return rawResult(run, "cloudwatch alarms", alarmsSpec);
  return recordsResult("cloudwatch alarms", await alarmRecords(run, { states: options.states }), ALARM_COLUMNS);
}

/** `cloudwatch metrics`: one metric's datapoints over a window. */
export async function collectMetrics(
  run: Invocation,
  options: z.output<typeof metricsOptionsSchema> & { raw: boolean },
): Promise<CommandResult> {
  const window = resolveRunWindow(run, options);
  const query: MetricQuery = {
    namespace: options.namespace,
    metricName: options.metric,
    dimensions: options.dimension,
    stat: options.stat ?? "Average",
    periodSeconds: options.period ?? defaultPeriod(window.endMs - window.startMs, window.startAgeMs),
    since: options.since.text,
    until: options.until?.text,
    window,
  };
  if (options.raw) return rawResult(run, "cloudwatch metrics", metricSpec(query));
  return recordsResult("cloudwatch metrics", await collectMetricDatapoints(run, query), DATAPOINT_COLUMNS, {
    table: (view, all) => renderDatapointTable(all as MetricDatapointRecord[], view),
  });
}

export function register(cloudwatch: Command): void {
  subcommand(
    cloudwatch,
    "health",
    "the metric catalogue's values per resource, with each rule's threshold (no judgement)",
  )
    .option("--sources <list>", `only these (comma-separated): ${HEALTH_SOURCES.join(", ")} (default: all)`)
    .option("--max-metrics <n>", `CloudWatch metrics asked per region at most (default: ${DEFAULT_MAX_METRICS})`)
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .action(
      action((globals, local) => {
        const options = parseLocal(healthOptionsSchema, local);
        if (globals.raw)
          throw new UsageError(
            "--raw is not supported by cloudwatch health: its records are computed",
            "use cloudwatch metrics --raw for one metric's datapoints",
          );
        return (run) => collectHealth(run, options);
      }),
    );

  subcommand(cloudwatch, "alarms", "list metric and composite alarms (DescribeAlarms)")
    .option("--state <states>", `only these states (comma-separated): ${ALARM_STATES.join(", ")}`)
    .action(
      action((globals, local) => {
        const options = { states: parseLocal(alarmsOptionsSchema, local).state, raw: globals.raw };
        return (run) => collectAlarms(run, options);
      }),
    );
  subcommand(cloudwatch, "metrics", "datapoints of one metric over a window (GetMetricData), sorted by time")
    .option("--namespace <namespace>", "metric namespace, e.g. AWS/Lambda (required)")
    .option("--metric <name>", "metric name, e.g. Errors (required)")
    .option("--dimension <key=value>", "dimension (repeatable), e.g. FunctionName=api", collect)
    .option("--stat <stat>", `statistic: ${STANDARD_STATS.join(", ")}, p99, ... (default: Average)`)
    .option(
      "--period <period>",
      "seconds or a duration: 60, 5m, 1h (default: the finest of 1m, 5m, 1h, 1d that fits the window)",
    )
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .action(
      action((globals, local) => {
        const options = { ...parseLocal(metricsOptionsSchema, local), raw: globals.raw };
        return (run) => collectMetrics(run, options);
      }),
    );
}
