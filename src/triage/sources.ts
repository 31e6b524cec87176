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
import { logEvidenceBatches } from "../sources/log-evidence.js";
import { changeBatches } from "../changes/source.js";
import { DEFAULT_MAX_METRICS, metricHealthBatches } from "../sources/metric-health.js";
import { HEALTH_SOURCES, type HealthSource } from "../health/catalogue.js";
import {
  ecsServiceEdgeBatches,
  eventSourceEdgeBatches,
  httpApiEdgeBatches,
  restApiEdgeBatches,
  targetGroupEdgeBatches,
} from "../sources/graph.js";
import { sourceName, TRIAGE_DECLARED, type TriageDeclared } from "../sources/registry.js";
import type { Invocation } from "../run/invocation.js";
import type { TriageData } from "../rules/types.js";
import type { TriageOptions, TriageSource } from "./gather.js";

/** `triage --sources` names: the registry's triage groups, then the metric catalogue's; `ec2` covers both. */
export const TRIAGE_SOURCE_NAMES = [
  ...new Set([
    ...TRIAGE_DECLARED.map((s) => s.triage.group).filter((group) => group !== "catalogue"),
    ...HEALTH_SOURCES,
  ]),
];

/**
 * Gathered unless `--sources` says otherwise: every name but `changes`, which asks another
 * service (CloudTrail, 2 requests a second per region) and needs cloudtrail:LookupEvents.
 */
export const OPT_IN_SOURCES: readonly string[] = ["changes"];
export const DEFAULT_SOURCE_NAMES = TRIAGE_SOURCE_NAMES.filter((name) => !OPT_IN_SOURCES.includes(name));

type Collect = (
  run: Invocation,
  options: TriageOptions,
  catalogue: ReadonlySet<HealthSource>,
) => Promise<Partial<TriageData>>;
type Gatherer = Exclude<TriageDeclared, { triage: { gathers: false } }>;

/**
 * How each source the registry says triage reads is gathered, by its `script/resource`; a
 * declaration without one here fails to compile. Lambda's metrics come with its functions.
 */
const COLLECT: { [K in Gatherer as `${K["script"]}/${K["resource"]}`]: Collect } = {
  "ec2/instance-status": async (run) => ({ instanceStatuses: await instanceStatusBatches(run) }),
  "lambda/functions": (run, options) => lambdaBatches(run, options),
  "lambda/account-settings": async (run, options) => ({
    accountConcurrency: await accountConcurrencyBatches(run, options),
  }),
  "cloudwatch/alarms": async (run) => ({ alarms: await alarmBatches(run) }),
  "logs/groups": async (run) => ({ logGroups: await logGroupBatches(run) }),
  "logs/evidence": async (run, options) => ({ logEvidence: await logEvidenceBatches(run, options) }),
  // The resource graph: what the incidents are grouped by (no rule reads it).
  "graph/apigateway-rest": async (run) => ({ graph: await restApiEdgeBatches(run) }),
  "graph/apigateway-http": async (run) => ({ graph: await httpApiEdgeBatches(run) }),
  "graph/elbv2-target-groups": async (run) => ({ graph: await targetGroupEdgeBatches(run) }),
  "graph/ecs-services": async (run) => ({ graph: await ecsServiceEdgeBatches(run) }),
  "graph/lambda-event-source-mappings": async (run) => ({ graph: await eventSourceEdgeBatches(run) }),
  "cloudtrail/events": async (run, options) => ({ changes: await changeBatches(run, options) }),
  "cloudwatch/metric-health": async (run, options, sources) => {
    const maxMetrics = options.maxMetrics ?? DEFAULT_MAX_METRICS;
    return { metricValues: (await metricHealthBatches(run, { ...options, sources, maxMetrics })).batches };
  },
};

/** The metric catalogue's sources among those `--sources` selects (all when `names` is undefined). */
export function healthSourcesOf(names?: readonly string[]): ReadonlySet<HealthSource> {
  const wanted = new Set<string>(names ?? DEFAULT_SOURCE_NAMES);
  return new Set(HEALTH_SOURCES.filter((s) => wanted.has(s)));
}

/** The sources `--sources` selects (all when `names` is undefined), in registry order. */
export function triageSources(names?: readonly string[]): TriageSource[] {
  const wanted = new Set<string>(names ?? DEFAULT_SOURCE_NAMES);
  const catalogue = healthSourcesOf(names);
  return TRIAGE_DECLARED.filter((s) =>
    s.triage.group === "catalogue" ? catalogue.size > 0 : wanted.has(s.triage.group),
  )
    .filter((s): s is Gatherer => !("gathers" in s.triage) || s.triage.gathers !== false)
    .map((s) => {
      const name = sourceName(s) as keyof typeof COLLECT;
      const collect = COLLECT[name];
      return { name, collect: (run: Invocation, options: TriageOptions) => collect(run, options, catalogue) };
    });
}

export const TRIAGE_SOURCES: readonly TriageSource[] = triageSources();
