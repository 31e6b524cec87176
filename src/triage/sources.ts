/**
 * What `triage` reads, one source per cached resource family: EC2 instance status, Lambda
 * (the function list and its metrics over `--since`), CloudWatch alarms, CloudWatch Logs
 * groups, and the metric catalogue (API Gateway, DynamoDB, ECS, load balancers, SQS, EC2
 * metrics). Each reads src/sources/, so the same cache entries as its own command.
 * `--sources` picks among them by the names in TRIAGE_SOURCE_NAMES.
 */
import { instanceStatusBatches } from "../sources/ec2.js";
import { lambdaBatches } from "../sources/lambda.js";
import { accountConcurrencyBatches } from "../sources/lambda-concurrency.js";
import { alarmBatches } from "../sources/cloudwatch.js";
import { logGroupBatches } from "../sources/logs.js";
import { DEFAULT_MAX_METRICS, metricHealthBatches } from "../sources/metric-health.js";
import { HEALTH_SOURCES, type HealthSource } from "../health/catalogue.js";
import type { TriageSource } from "./gather.js";

/** `triage --sources` names; `ec2` covers both the instance status and the AWS/EC2 metrics. */
export const TRIAGE_SOURCE_NAMES = [
  "ec2",
  "lambda",
  "cloudwatch",
  "logs",
  ...HEALTH_SOURCES.filter((s) => s !== "ec2"),
];

const listed: ReadonlyArray<TriageSource & { group: string }> = [
  {
    group: "ec2",
    name: "ec2/instance-status",
    collect: async (run) => ({ instanceStatuses: await instanceStatusBatches(run) }),
  },
  { group: "lambda", name: "lambda/functions", collect: (run, options) => lambdaBatches(run, options) },
  {
    group: "lambda",
    name: "lambda/account-settings",
    collect: async (run, options) => ({ accountConcurrency: await accountConcurrencyBatches(run, options) }),
  },
  { group: "cloudwatch", name: "cloudwatch/alarms", collect: async (run) => ({ alarms: await alarmBatches(run) }) },
  { group: "logs", name: "logs/groups", collect: async (run) => ({ logGroups: await logGroupBatches(run) }) },
];

/** The sources `--sources` selects (all when `names` is undefined). */
export function triageSources(names?: readonly string[]): TriageSource[] {
  const wanted = new Set(names ?? TRIAGE_SOURCE_NAMES);
  const chosen: TriageSource[] = listed.filter((s) => wanted.has(s.group));
  const health = new Set(HEALTH_SOURCES.filter((s) => wanted.has(s))) as ReadonlySet<HealthSource>;
  if (health.size > 0)
    chosen.push({
      name: "cloudwatch/metric-health",
      collect: async (run, options) => ({
        metricValues: (
          await metricHealthBatches(run, {
            ...options,
            sources: health,
            maxMetrics: options.maxMetrics ?? DEFAULT_MAX_METRICS,
          })
        ).batches,
      }),
    });
  return chosen;
}

export const TRIAGE_SOURCES: readonly TriageSource[] = triageSources();
