/**
 * Every source awstriage reads, declared once: where its answers are cached
 * (`<root>/<script>/<identity>/<region>/<resource>.json`), which AWS call fills it, the
 * FetchSpec and the normaliser that make its records, which commands print it, what triage
 * reads of it, and whether the metric catalogue (health/catalogue.ts) has metrics about it.
 *
 * Derived from it: the script folders `cache ls`/`cache clear` walk and `--script` accepts
 * (cache/layout.ts), the folders the offline guesses read, triage's `--sources` groups and the
 * keys of what the rules read (rules/types.ts), the sweepable commands, the cache table of the
 * README and of docs/records.md. A test (test/unit/sources/registry.test.ts) fails when code
 * writes a cache folder this list lacks, or when a declaration names a spec that is not there.
 *
 * Plain data on purpose: `cache ls` imports it, and must not load a source or the SDK.
 */
import type { TriageData } from "../rules/types.js";
import { GRAPH_SOURCES } from "./registry-graph.js";

import type { SourceDeclaration, TriageUse } from "./declaration.js";

export type { SourceDeclaration, TriageUse } from "./declaration.js";

export const SOURCES = [
  {
    script: "sts",
    resource: "caller-identity",
    service: "STS",
    api: "GetCallerIdentity",
    spec: "run/invocation.ts#Invocation",
    commands: ["whoami"],
    purpose: "the account every other entry is labelled with",
  },
  {
    script: "ec2",
    resource: "regions",
    service: "EC2",
    api: "DescribeRegions",
    spec: "run/context.ts#regionsSpec",
    commands: [],
    purpose: "the enabled regions, for `--region all`",
  },
  {
    script: "ec2",
    resource: "instances",
    service: "EC2",
    api: "DescribeInstances",
    spec: "sources/ec2.ts#instancesSpec",
    normalizer: "normalize/ec2.ts#normalizeInstance",
    commands: ["ec2 list"],
    catalogue: "ec2",
    purpose: "the instance inventory (and `ec2 status`'s names)",
  },
  {
    script: "ec2",
    resource: "instance-status",
    service: "EC2",
    api: "DescribeInstanceStatus",
    spec: "sources/ec2.ts#instanceStatusSpec",
    normalizer: "normalize/ec2.ts#normalizeInstanceStatus",
    commands: ["ec2 status"],
    triage: { group: "ec2", data: "instanceStatuses", listedAs: "ec2/status" },
    catalogue: "ec2",
    purpose: "status checks and scheduled events",
  },
  {
    script: "lambda",
    resource: "functions",
    service: "Lambda",
    api: "ListFunctions",
    spec: "sources/lambda.ts#functionsSpec",
    normalizer: "normalize/lambda.ts#normalizeFunction",
    commands: ["lambda list", "lambda metrics"],
    triage: { group: "lambda", data: "functions", listedAs: "lambda/functions" },
    purpose: "the function inventory, environment values redacted",
  },
  {
    script: "lambda",
    resource: "metrics",
    service: "CloudWatch",
    api: "GetMetricData",
    spec: "sources/lambda.ts#lambdaMetricsSpec",
    normalizer: "normalize/lambda.ts#normalizeLambdaMetrics",
    commands: ["lambda metrics"],
    triage: { group: "lambda", data: "metrics", listedAs: "lambda/metrics", gathers: false },
    purpose: "each function's invocations, errors, throttles and durations over the window",
  },
  {
    script: "lambda",
    resource: "account-settings",
    service: "Lambda",
    api: "GetAccountSettings",
    spec: "sources/lambda-concurrency.ts#accountSettingsSpec",
    commands: [],
    triage: { group: "lambda", data: "accountConcurrency", listedAs: "lambda/account-settings" },
    purpose: "the account's concurrency limit",
  },
  {
    script: "cloudwatch",
    resource: "alarms",
    service: "CloudWatch",
    api: "DescribeAlarms",
    spec: "sources/cloudwatch.ts#alarmsSpec",
    normalizer: "normalize/cloudwatch.ts#normalizeAlarm",
    commands: ["cloudwatch alarms"],
    triage: { group: "cloudwatch", data: "alarms", listedAs: "cloudwatch/alarms" },
    purpose: "every metric and composite alarm",
  },
  {
    script: "cloudwatch",
    resource: "metric-data",
    service: "CloudWatch",
    api: "GetMetricData",
    spec: "sources/cloudwatch.ts#metricSpec",
    normalizer: "normalize/cloudwatch.ts#normalizeDatapoints",
    commands: ["cloudwatch metrics"],
    purpose: "one metric's datapoints (and Lambda's account concurrency peak)",
  },
  {
    script: "logs",
    resource: "groups",
    service: "CloudWatch Logs",
    api: "DescribeLogGroups",
    spec: "sources/logs.ts#logGroupsSpec",
    normalizer: "normalize/logs.ts#normalizeLogGroup",
    commands: ["logs groups"],
    triage: { group: "logs", data: "logGroups", listedAs: "logs/groups" },
    purpose: "every log group",
  },
  {
    script: "logs",
    resource: "events",
    service: "CloudWatch Logs",
    api: "FilterLogEvents",
    spec: "sources/logs.ts#logEventsSpec",
    normalizer: "normalize/logs.ts#normalizeLogEvent",
    commands: ["logs search"],
    purpose: "one group's events in a window",
  },
  {
    script: "logs",
    resource: "evidence",
    service: "CloudWatch Logs",
    api: "FilterLogEvents",
    spec: "sources/log-evidence.ts#logEvidenceSpec",
    normalizer: "sources/log-evidence.ts#evidenceRecord",
    commands: ["logs patterns"],
    triage: { group: "log-evidence", data: "logEvidence", listedAs: "logs/evidence" },
    purpose: "the error lines of a function with errors (or of `logs patterns`' group), grouped into signatures",
  },
  {
    script: "logs",
    resource: "insights",
    service: "CloudWatch Logs",
    api: "StartQuery, GetQueryResults",
    spec: "sources/logs.ts#insightsSpec",
    normalizer: "normalize/logs.ts#normalizeInsightsRow",
    commands: ["logs insights"],
    purpose: "one Logs Insights query's rows",
  },
  {
    script: "cloudwatch",
    resource: "metric-list",
    service: "CloudWatch",
    api: "ListMetrics",
    spec: "sources/metric-health.ts#listedMetricsSpec",
    commands: ["cloudwatch health"],
    purpose: "the metric catalogue's resources, discovered per namespace",
  },
  {
    script: "cloudwatch",
    resource: "metric-health",
    service: "CloudWatch",
    api: "GetMetricData",
    spec: "sources/metric-health.ts#metricAnswersSpec",
    normalizer: "sources/metric-health.ts#metricValueRecords",
    commands: ["cloudwatch health"],
    triage: { group: "catalogue", data: "metricValues", listedAs: "cloudwatch/metric-health" },
    purpose: "the metric catalogue's values, this window and the one before",
  },
  {
    script: "cloudwatch",
    resource: "metric-series",
    service: "CloudWatch",
    api: "GetMetricData",
    spec: "onset/series.ts#seriesSpec",
    commands: [],
    purpose: "the series of triage's metric findings, for since, peakAt and trend",
  },
  {
    script: "cloudwatch",
    resource: "alarm-history",
    service: "CloudWatch",
    api: "DescribeAlarmHistory",
    spec: "changes/alarm-history.ts#alarmHistorySpec",
    normalizer: "changes/alarm-history.ts#alarmTransitions",
    commands: [],
    purpose: "the alarms' state transitions over the window, for the changes and `timeline`",
  },
  ...GRAPH_SOURCES,
  {
    script: "cloudtrail",
    resource: "events",
    service: "CloudTrail",
    api: "LookupEvents",
    spec: "changes/source.ts#trailChangesSpec",
    commands: [],
    triage: { group: "changes", data: "changes", listedAs: "cloudtrail/events" },
    purpose: "write management events (who changed what), for the changes beside metric findings",
  },
  {
    script: "organizations",
    resource: "accounts",
    service: "Organizations",
    api: "ListAccounts",
    spec: "sweep/org.ts#accountsSpec",
    commands: [],
    purpose: "the organization's accounts, for `--accounts org`",
  },
] as const satisfies readonly SourceDeclaration[];

export type Declared = (typeof SOURCES)[number];
export type CacheScript = Declared["script"];
/** The declarations triage reads, and the keys of TriageData they fill. */
export type TriageDeclared = Extract<Declared, { triage: TriageUse }>;
export type TriageKey = TriageDeclared["triage"]["data"];

/** Every key of TriageData is some source's: a key without a declaration fails to compile here. */
const everyKeyDeclared: [Exclude<keyof TriageData, TriageKey>] extends [never] ? true : false = true;
void everyKeyDeclared;

/** The script folders awstriage writes, in declaration order. */
export const CACHE_SCRIPTS = [...new Set(SOURCES.map((s) => s.script))] as readonly CacheScript[];

/** `script/resource`, the name failures and the context line use. */
export const sourceName = (s: { script: string; resource: string }) => `${s.script}/${s.resource}`;

/** The declarations triage reads, in declaration order. */
export const TRIAGE_DECLARED: readonly TriageDeclared[] = SOURCES.filter((s): s is TriageDeclared => "triage" in s);

/** Every command that prints a source's records (a sweep can run each of them, plus `triage`). */
export const SOURCE_COMMANDS: readonly string[] = [...new Set(SOURCES.flatMap((s) => s.commands))];
