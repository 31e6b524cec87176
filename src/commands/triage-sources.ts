/**
 * What `triage` reads, one source per cached resource family: EC2 instance status, Lambda
 * (the function list and its metrics over `--since`), CloudWatch alarms, CloudWatch Logs
 * groups. Each uses the same fetch specs (so the same cache entries) as its own command.
 */
import { AwstriageError } from "../errors.js";
import type { Run } from "../run.js";
import type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records.js";
import type { Batch } from "../rules/types.js";
import { instanceStatusSpec } from "./ec2.js";
import { functionsSpec, lambdaMetricsSpec, warnUnavailable } from "./lambda.js";
import { alarmsSpec } from "./cloudwatch.js";
import { logGroupsSpec } from "./logs.js";
import { normalizeInstanceStatus } from "../normalize/ec2.js";
import { normalizeFunction, normalizeLambdaMetrics } from "../normalize/lambda.js";
import { normalizeAlarm } from "../normalize/cloudwatch.js";
import { normalizeLogGroup } from "../normalize/logs.js";
import { batchesOf, partialFailure, type TriageOptions, type TriageSource } from "./triage-gather.js";

/**
 * Per region: the function list, then the metrics of those functions. Metrics that fail
 * (or are missing offline) are a failure of their own, so the list's findings (deprecated
 * runtimes) survive them.
 */
async function collectLambda(run: Run, options: TriageOptions) {
  const { window } = options;
  const functions: Batch<LambdaFunctionRecord>[] = [];
  const metrics: Batch<LambdaMetricsRecord>[] = [];
  await run.perRegion("lambda/functions", async (region) => {
    const inventory = await run.cachedResource(functionsSpec, region);
    functions.push({
      observedAt: inventory.source.fetchedAt,
      records: inventory.items.map((f) => normalizeFunction(f, inventory.account, region)),
    });
    if (inventory.items.length === 0) return;
    try {
      const spec = lambdaMetricsSpec(
        inventory.items.map((f) => f.FunctionName ?? ""),
        { since: options.since, until: options.until, window },
      );
      const result = await run.cachedResource(spec, region);
      const outcome = normalizeLambdaMetrics(
        inventory.items,
        result.items,
        result.account ?? inventory.account,
        region,
      );
      warnUnavailable(run, region, outcome.unavailable);
      metrics.push({ observedAt: result.source.fetchedAt, records: outcome.records });
    } catch (error) {
      if (!(error instanceof AwstriageError)) throw error;
      run.failures.push(partialFailure(region, "lambda/metrics", error));
    }
  });
  return { functions, metrics };
}

export const TRIAGE_SOURCES: readonly TriageSource[] = [
  {
    name: "ec2/instance-status",
    collect: async (run) => ({
      instanceStatuses: batchesOf(await run.fetchAllRegions(instanceStatusSpec), normalizeInstanceStatus),
    }),
  },
  { name: "lambda/functions", collect: collectLambda },
  {
    name: "cloudwatch/alarms",
    collect: async (run) => ({ alarms: batchesOf(await run.fetchAllRegions(alarmsSpec), normalizeAlarm) }),
  },
  {
    name: "logs/groups",
    collect: async (run) => ({ logGroups: batchesOf(await run.fetchAllRegions(logGroupsSpec), normalizeLogGroup) }),
  },
];
