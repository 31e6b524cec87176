/**
 * The normalized records every command prints (DESIGN.md "Commands"): the contract between
 * normalizers (raw cached items → records) and the triage rules (records → findings).
 * Every record carries `account` and `region`. Timestamps are ISO-8601 UTC strings.
 *
 * Key order is part of the output: fields added after the first release are appended after
 * the original ones (in the order listed here), so existing output keeps its prefix and jq
 * pipelines that read the old fields keep working. Lists are `[]` when AWS gave none.
 */

export interface RecordBase {
  account: string | null;
  region: string;
}

/** `ec2 list` */
export interface InstanceRecord extends RecordBase {
  instanceId: string;
  name: string | null;
  state: string | null;
  instanceType: string | null;
  availabilityZone: string | null;
  privateIp: string | null;
  publicIp: string | null;
  launchTime: string | null;
  vpcId: string | null;
  subnetId: string | null;
  tags: Record<string, string>;
  /** Every IPv6 address of every network interface (a dual-stack instance may have no publicIp). */
  ipv6Addresses: string[];
  /** Every private IPv4 address of every network interface, the primary interface's first. */
  privateIps: string[];
  /** Why the instance is in its state (`Client.UserInitiatedShutdown`, `Server.SpotInstanceTermination`…). */
  stateReason: { code: string | null; message: string | null } | null;
  /** `spot`, `scheduled`, `capacity-block`; null for on-demand. */
  lifecycle: string | null;
  architecture: string | null;
  /** EC2's PlatformDetails (`Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`…), else its Platform. */
  platform: string | null;
  imageId: string | null;
  keyName: string | null;
  /** The instance profile's ARN. */
  iamInstanceProfile: string | null;
}

/** A scheduled event of `ec2 status` (retirement, reboot, maintenance). */
export interface InstanceEvent {
  code: string;
  description: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** EC2's InstanceEventId, needed to reschedule the event. */
  eventId: string | null;
  /** The latest day the event can be rescheduled to. */
  notBeforeDeadline: string | null;
}

/** `ec2 status`; statuses are EC2's: ok, impaired, insufficient-data, not-applicable, initializing. */
export interface InstanceStatusRecord extends RecordBase {
  instanceId: string;
  state: string | null;
  systemStatus: string | null;
  instanceStatus: string | null;
  events: InstanceEvent[];
  /**
   * The instance's Name tag, joined from the cached `ec2 list` inventory of the same profile
   * and region (any age); no AWS call is made for it, so without that entry it is null.
   */
  name: string | null;
  /** The earliest `ImpairedSince` of the system, instance and attached-EBS checks; null when none is impaired. */
  impairedSince: string | null;
  /** The attached-EBS status check (`ok`, `impaired`, …); null where EC2 does not report it. */
  ebsStatus: string | null;
}

/** `lambda list`; environment values are always "<redacted>", names are kept. */
export interface LambdaFunctionRecord extends RecordBase {
  functionName: string;
  functionArn: string;
  runtime: string | null;
  handler: string | null;
  memorySize: number | null;
  /** Seconds, as Lambda configures it. */
  timeout: number | null;
  codeSize: number | null;
  lastModified: string | null;
  environment: Record<string, string>;
  /** `Zip` or `Image`; a container image has no runtime or handler. */
  packageType: string | null;
  /** `x86_64`, `arm64`. */
  architectures: string[];
  /** Layer version ARNs. */
  layers: string[];
  /**
   * `Pending`, `Active`, `Inactive`, `Failed`. This and the three fields after it are what the
   * cached ListFunctions answer holds: AWS leaves them out of ListFunctions (only GetFunction,
   * one call per function, returns them), so from real AWS they are null today.
   */
  state: string | null;
  stateReason: string | null;
  /** `Successful`, `Failed`, `InProgress`. */
  lastUpdateStatus: string | null;
  lastUpdateStatusReason: string | null;
  /** null when the function is not attached to a VPC. */
  vpcId: string | null;
  subnetIds: string[];
  /** The dead-letter queue or topic ARN. */
  deadLetterTarget: string | null;
  /** X-Ray tracing: `Active` or `PassThrough`. */
  tracingMode: string | null;
}

/** `lambda metrics`, over the `--since` window. */
export interface LambdaMetricsRecord extends RecordBase {
  functionName: string;
  invocations: number;
  errors: number;
  throttles: number;
  /** errors / invocations; null when there were no invocations. */
  errorRate: number | null;
  durationMaxMs: number | null;
  /** null when the percentile query failed (a warning says so). */
  durationP99Ms: number | null;
  /** The function's configured timeout in ms. */
  timeoutMs: number | null;
}

/**
 * One statistic of one resource's metric, as `triage` evaluates it (the metric catalogue):
 * over the `--since` window and over the window of the same length before it.
 */
export interface MetricValueRecord extends RecordBase {
  namespace: string;
  resourceType: string;
  /** The dimension value(s) naming the resource: ApiName, TableName, `cluster/service`, ... */
  resourceId: string;
  arn: string | null;
  /** The dimensions that name the resource. */
  dimensions: Record<string, string>;
  metricName: string;
  stat: string;
  /** null when the metric had no datapoint in the window. */
  value: number | null;
  previous: number | null;
  /** false when CloudWatch could not answer (a percentile call that failed); value is then null. */
  answered: boolean;
}

/** `cloudwatch health`: what one metric rule measured on one resource, breached or not. */
export interface MetricHealthRecord extends RecordBase {
  resourceType: string;
  resourceId: string;
  /** The metric the rule compares (for a ratio, its numerator). */
  metric: string;
  stat: string;
  /** In the threshold's unit: a fraction for rates, milliseconds for times, percent for utilization. */
  value: number;
  threshold: number;
  breached: boolean;
  ruleId: string;
}

/** One entry of a metric-math alarm's `Metrics`: an expression, or a metric it reads. */
export interface AlarmMetricQuery {
  id: string;
  expression: string | null;
  label: string | null;
  namespace: string | null;
  metricName: string | null;
  dimensions: Record<string, string>;
  stat: string | null;
  /** Seconds. */
  period: number | null;
  /** Whether this entry is the alarm's value (the one compared with the threshold). */
  returnData: boolean;
}

export type AlarmType = "metric" | "metric-math" | "composite";

/** `cloudwatch alarms` (metric and composite alarms). */
export interface AlarmRecord extends RecordBase {
  alarmName: string;
  alarmArn: string | null;
  stateValue: "OK" | "ALARM" | "INSUFFICIENT_DATA" | string;
  stateReason: string | null;
  stateUpdatedAt: string | null;
  namespace: string | null;
  metricName: string | null;
  dimensions: Record<string, string>;
  /** `metric` (one metric), `metric-math` (`Metrics`: expressions over metrics), `composite` (`AlarmRule`). */
  alarmType: AlarmType;
  threshold: number | null;
  comparisonOperator: string | null;
  evaluationPeriods: number | null;
  datapointsToAlarm: number | null;
  treatMissingData: string | null;
  actionsEnabled: boolean | null;
  /** ARNs notified on entering ALARM. */
  alarmActions: string[];
  /** A composite alarm's rule; null for other alarms. */
  alarmRule: string | null;
  /** A metric-math alarm's queries; [] for other alarms. */
  metrics: AlarmMetricQuery[];
}

/** `cloudwatch metrics`: one record per datapoint, sorted by time. */
export interface MetricDatapointRecord extends RecordBase {
  timestamp: string;
  value: number;
  stat: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

/** `logs groups`; retentionInDays null = never expires. */
export interface LogGroupRecord extends RecordBase {
  logGroupName: string;
  arn: string | null;
  retentionInDays: number | null;
  storedBytes: number | null;
  createdAt: string | null;
  /** `STANDARD`, `INFREQUENT_ACCESS`, `DELIVERY`; null when not reported (older answers: STANDARD). */
  logGroupClass: string | null;
  kmsKeyId: string | null;
  /** `ACTIVATED`, `DELETED`, `ARCHIVED`, `DISABLED`; null when the group has no data protection policy. */
  dataProtectionStatus: string | null;
  metricFilterCount: number | null;
}

/** `logs search` */
export interface LogEventRecord extends RecordBase {
  timestamp: string;
  logGroupName: string;
  logStreamName: string | null;
  message: string;
  eventId: string | null;
}

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `triage`: one finding (DESIGN.md "Findings"). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  resourceType: string;
  /** The short name a person uses: instance id, function name, alarm name, log group name. */
  resourceId: string;
  arn: string | null;
  account: string | null;
  region: string;
  /** The numbers that triggered the rule. */
  evidence: Record<string, unknown>;
  observedAt: string;
  /** Resources this one is tied to: its log group, the alarms that watch it, what an alarm watches. */
  related: RelatedResource[];
}

/** One cross-reference of a finding's resource (rules/related.ts builds them). */
export interface RelatedResource {
  arn: string | null;
  resourceType: string;
  resourceId: string;
  relation: "log-group" | "function" | "watches" | "watched-by";
}

/** `whoami`: the identity the profile (or --role-arn) resolves to. */
export interface IdentityRecord extends RecordBase {
  arn: string | null;
  userId: string | null;
  profile: string;
}
