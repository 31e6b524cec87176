/** Record builders for rule tests: a healthy default, overridden field by field. */
import type {
  AlarmRecord,
  Finding,
  InstanceStatusRecord,
  LambdaFunctionRecord,
  LambdaMetricsRecord,
  LogGroupRecord,
  MetricValueRecord,
} from "../../src/records/index.js";
import { findingsOf } from "../../src/rules/engine.js";
import type { AnyRule } from "../../src/rules/rule.js";
import type { JudgementSettings } from "../../src/rules/settings.js";
import type { TriageData } from "../../src/rules/types.js";

/** When a rule test's records were observed, and the day date rules compare with. */
interface RuleContext {
  observedAt: string;
  today: string;
}

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const OBSERVED_AT = "2026-03-10T08:00:00.000Z";
export const ctx = (overrides: Partial<RuleContext> = {}): RuleContext => ({
  observedAt: OBSERVED_AT,
  today: OBSERVED_AT.slice(0, 10),
  ...overrides,
});

/** One rule over `records` as the engine runs it (thresholds and severities of `settings`). */
export function check(
  rule: AnyRule,
  records: readonly unknown[],
  at: RuleContext = ctx(),
  settings?: JudgementSettings,
  data?: TriageData,
): Finding[] {
  return findingsOf(rule, { ...at, records }, settings, data);
}

export function instanceStatus(overrides: Partial<InstanceStatusRecord> = {}): InstanceStatusRecord {
  return {
    account: ACCOUNT,
    region: REGION,
    instanceId: "i-0123456789abcdef0",
    state: "running",
    systemStatus: "ok",
    instanceStatus: "ok",
    events: [],
    name: null,
    impairedSince: null,
    ebsStatus: null,
    ...overrides,
  };
}

export function lambdaFunction(overrides: Partial<LambdaFunctionRecord> = {}): LambdaFunctionRecord {
  const functionName = overrides.functionName ?? "checkout";
  return {
    account: ACCOUNT,
    region: REGION,
    functionName,
    functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    runtime: "python3.13",
    handler: "app.handler",
    memorySize: 128,
    timeout: 3,
    codeSize: 1024,
    lastModified: "2026-01-01T00:00:00.000Z",
    environment: {},
    packageType: "Zip",
    architectures: ["x86_64"],
    layers: [],
    state: "Active",
    stateReason: null,
    lastUpdateStatus: "Successful",
    lastUpdateStatusReason: null,
    vpcId: null,
    subnetIds: [],
    deadLetterTarget: null,
    tracingMode: "PassThrough",
    kmsKeyArn: null,
    snapStart: null,
    ephemeralStorageMb: null,
    loggingConfig: null,
    ...overrides,
  };
}

export function lambdaMetrics(overrides: Partial<LambdaMetricsRecord> = {}): LambdaMetricsRecord {
  return {
    account: ACCOUNT,
    region: REGION,
    functionName: "checkout",
    invocations: 1000,
    errors: 0,
    throttles: 0,
    errorRate: 0,
    durationMaxMs: 100,
    durationP99Ms: 90,
    timeoutMs: 3000,
    partial: false,
    partialReason: null,
    partialFields: [],
    errorSeries: null,
    ...overrides,
  };
}

export function alarm(overrides: Partial<AlarmRecord> = {}): AlarmRecord {
  const alarmName = overrides.alarmName ?? "api-5xx";
  return {
    account: ACCOUNT,
    region: REGION,
    alarmName,
    alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`,
    stateValue: "OK",
    stateReason: "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).",
    stateUpdatedAt: "2026-03-10T07:55:00.000Z",
    namespace: "AWS/ApiGateway",
    metricName: "5XXError",
    dimensions: { ApiName: "shop" },
    alarmType: "metric",
    threshold: 5,
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "missing",
    actionsEnabled: true,
    alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:oncall`],
    alarmRule: null,
    metrics: [],
    thresholdMetricId: null,
    anomalyBand: null,
    ...overrides,
  };
}

export function logGroup(overrides: Partial<LogGroupRecord> = {}): LogGroupRecord {
  const logGroupName = overrides.logGroupName ?? "/aws/lambda/checkout";
  return {
    account: ACCOUNT,
    region: REGION,
    logGroupName,
    arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroupName}:*`,
    retentionInDays: 30,
    storedBytes: 2048,
    createdAt: "2025-06-01T00:00:00.000Z",
    logGroupClass: "STANDARD",
    kmsKeyId: null,
    dataProtectionStatus: null,
    metricFilterCount: 0,
    deletionProtectionEnabled: null,
    ...overrides,
  };
}

/** A finding as the rules make them; tests override what they compare. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: "logs.no-retention",
    severity: "low",
    title: "Log group /g never expires",
    resourceType: "logs:log-group",
    resourceId: "/g",
    arn: null,
    account: ACCOUNT,
    region: "us-east-1",
    evidence: {},
    observedAt: "2026-01-01T00:00:00.000Z",
    related: [],
    ...overrides,
  };
}

/** One metric value of the metric catalogue (rules/metric-health.ts). */
export function metricValue(
  resourceType: string,
  resourceId: string,
  metricName: string,
  stat: string,
  value: number | null,
  overrides: Partial<MetricValueRecord> = {},
): MetricValueRecord {
  return {
    account: ACCOUNT,
    region: REGION,
    namespace: "AWS/Test",
    resourceType,
    resourceId,
    arn: null,
    dimensions: {},
    metricName,
    stat,
    value,
    previous: null,
    answered: true,
    partial: false,
    partialReason: null,
    ...overrides,
  };
}

/** Metric values on which each of the fourteen metric rules fires once. */
export function brokenMetricValues(): MetricValueRecord[] {
  const api = "apigateway:api";
  return [
    metricValue(api, "orders", "Count", "Sum", 100),
    metricValue(api, "orders", "5XXError", "Sum", 7),
    metricValue(api, "orders", "4XXError", "Sum", 9),
    metricValue(api, "orders", "Latency", "p99", 2500),
    metricValue(api, "legacy", "Count", "Sum", null, { previous: 40 }),
    metricValue("dynamodb:table", "sessions", "SystemErrors", "Sum", 2),
    metricValue("dynamodb:table", "sessions", "WriteThrottleEvents", "Sum", 4),
    metricValue("dynamodb:account", "account", "UserErrors", "Sum", 11),
    metricValue("ecs:service", "prod/api", "CPUUtilization", "Maximum", 95),
    metricValue("ecs:service", "prod/api", "MemoryUtilization", "Maximum", 80),
    metricValue("elasticloadbalancing:loadbalancer", "app/web/1", "RequestCount", "Sum", 200),
    metricValue("elasticloadbalancing:loadbalancer", "app/web/1", "HTTPCode_Target_5XX_Count", "Sum", 2),
    metricValue("elasticloadbalancing:loadbalancer", "app/web/1", "HTTPCode_ELB_5XX_Count", "Sum", 4),
    metricValue("elasticloadbalancing:loadbalancer", "app/web/1", "TargetResponseTime", "p99", 0.5),
    metricValue("elasticloadbalancing:targetgroup", "targetgroup/web/1", "UnHealthyHostCount", "Maximum", 1),
    metricValue("sqs:queue", "jobs", "ApproximateAgeOfOldestMessage", "Maximum", 900),
    metricValue("ec2:instance", "i-0abc", "CPUUtilization", "Average", 90),
  ];
}
