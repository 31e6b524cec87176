/**
 * The normalized records every command prints (DESIGN.md "Commands"): the contract between
 * normalizers (raw cached items → records) and the triage rules (records → findings).
 * Every record carries `account` and `region`. Timestamps are ISO-8601 UTC strings.
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
}

/** A scheduled event of `ec2 status` (retirement, reboot, maintenance). */
export interface InstanceEvent {
  code: string;
  description: string | null;
  notBefore: string | null;
  notAfter: string | null;
}

/** `ec2 status`; statuses are EC2's: ok, impaired, insufficient-data, not-applicable, initializing. */
export interface InstanceStatusRecord extends RecordBase {
  instanceId: string;
  state: string | null;
  systemStatus: string | null;
  instanceStatus: string | null;
  events: InstanceEvent[];
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
}

/** `whoami`: the identity the profile (or --role-arn) resolves to. */
export interface IdentityRecord extends RecordBase {
  arn: string | null;
  userId: string | null;
  profile: string;
}
