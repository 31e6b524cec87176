/**
 * The fields of the records each command prints, for `--help` and for the reference in
 * docs/records.md. Each list is checked against its TypeScript record type when the project is
 * type-checked: a field added to (or removed from) a record type fails `npm run typecheck`
 * until it is listed here, so help, docs and code cannot drift. Type-only imports: nothing
 * here loads at run time but the lists themselves (`--help` stays cheap).
 */
import type { CacheEntry } from "../cache/entries.js";
import type { InsightsRecord } from "../normalize/logs.js";
import type {
  AlarmRecord,
  Finding,
  IdentityRecord,
  InstanceRecord,
  InstanceStatusRecord,
  LambdaFunctionRecord,
  LambdaMetricsRecord,
  LogEventRecord,
  LogGroupRecord,
  MetricDatapointRecord,
  MetricHealthRecord,
} from "../records.js";
import type { DiffEntry } from "../rules/diff.js";
import type { RuleListing } from "../rules/listing.js";

/** Exactly the keys of T: a missing key or one T does not have is a type error. */
type Exhaustive<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? [Exclude<K[number], keyof T>] extends [never]
    ? K
    : { error: "not a field of the record type"; extra: Exclude<K[number], keyof T> }
  : { error: "a field of the record type is missing"; missing: Exclude<keyof T, K[number]> };

const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(keys: K & Exhaustive<T, K>): readonly string[] =>
    keys;

export interface RecordFields {
  /** The record type's name, as docs/records.md and src/records.ts call it. */
  type: string;
  fields: readonly string[];
  /** Said after the list: fields that vary, or what a field means. */
  note?: string;
}

const FINDING_FIELDS = fieldsOf<Finding>()([
  "ruleId",
  "severity",
  "title",
  "resourceType",
  "resourceId",
  "arn",
  "account",
  "region",
  "evidence",
  "observedAt",
  "related",
]);

/** Keyed by the command as typed (`ec2 list`); commands that print no records are absent. */
export const RECORD_FIELDS: Readonly<Record<string, RecordFields>> = {
  whoami: {
    type: "IdentityRecord",
    fields: fieldsOf<IdentityRecord>()(["account", "region", "arn", "userId", "profile"]),
  },
  "ec2 list": {
    type: "InstanceRecord",
    fields: fieldsOf<InstanceRecord>()([
      "account",
      "region",
      "instanceId",
      "name",
      "state",
      "instanceType",
      "availabilityZone",
      "privateIp",
      "publicIp",
      "launchTime",
      "vpcId",
      "subnetId",
      "tags",
      "ipv6Addresses",
      "privateIps",
      "stateReason",
      "lifecycle",
      "architecture",
      "platform",
      "imageId",
      "keyName",
      "iamInstanceProfile",
    ]),
  },
  "ec2 status": {
    type: "InstanceStatusRecord",
    fields: fieldsOf<InstanceStatusRecord>()([
      "account",
      "region",
      "instanceId",
      "state",
      "systemStatus",
      "instanceStatus",
      "events",
      "name",
      "impairedSince",
      "ebsStatus",
    ]),
    note: "each event: code, description, notBefore, notAfter, eventId, notBeforeDeadline; name comes from a cached `ec2 list` (no AWS call), else null",
  },
  "lambda list": {
    type: "LambdaFunctionRecord",
    fields: fieldsOf<LambdaFunctionRecord>()([
      "account",
      "region",
      "functionName",
      "functionArn",
      "runtime",
      "handler",
      "memorySize",
      "timeout",
      "codeSize",
      "lastModified",
      "environment",
      "packageType",
      "architectures",
      "layers",
      "state",
      "stateReason",
      "lastUpdateStatus",
      "lastUpdateStatusReason",
      "vpcId",
      "subnetIds",
      "deadLetterTarget",
      "tracingMode",
    ]),
    note: 'environment values are always "<redacted>"',
  },
  "lambda metrics": {
    type: "LambdaMetricsRecord",
    fields: fieldsOf<LambdaMetricsRecord>()([
      "account",
      "region",
      "functionName",
      "invocations",
      "errors",
      "throttles",
      "errorRate",
      "durationMaxMs",
      "durationP99Ms",
      "timeoutMs",
    ]),
  },
  "cloudwatch health": {
    type: "MetricHealthRecord",
    fields: fieldsOf<MetricHealthRecord>()([
      "account",
      "region",
      "resourceType",
      "resourceId",
      "metric",
      "stat",
      "value",
      "threshold",
      "breached",
      "ruleId",
    ]),
  },
  "cloudwatch alarms": {
    type: "AlarmRecord",
    fields: fieldsOf<AlarmRecord>()([
      "account",
      "region",
      "alarmName",
      "alarmArn",
      "stateValue",
      "stateReason",
      "stateUpdatedAt",
      "namespace",
      "metricName",
      "dimensions",
      "alarmType",
      "threshold",
      "comparisonOperator",
      "evaluationPeriods",
      "datapointsToAlarm",
      "treatMissingData",
      "actionsEnabled",
      "alarmActions",
      "alarmRule",
      "metrics",
    ]),
    note: "alarmType: metric, metric-math or composite; metrics: a math alarm's queries",
  },
  "cloudwatch metrics": {
    type: "MetricDatapointRecord",
    fields: fieldsOf<MetricDatapointRecord>()([
      "account",
      "region",
      "timestamp",
      "value",
      "stat",
      "namespace",
      "metricName",
      "dimensions",
    ]),
  },
  "logs groups": {
    type: "LogGroupRecord",
    fields: fieldsOf<LogGroupRecord>()([
      "account",
      "region",
      "logGroupName",
      "arn",
      "retentionInDays",
      "storedBytes",
      "createdAt",
      "logGroupClass",
      "kmsKeyId",
      "dataProtectionStatus",
      "metricFilterCount",
    ]),
    note: "retentionInDays null = never expires",
  },
  "logs search": {
    type: "LogEventRecord",
    fields: fieldsOf<LogEventRecord>()([
      "account",
      "region",
      "timestamp",
      "logGroupName",
      "logStreamName",
      "message",
      "eventId",
    ]),
  },
  "logs tail": {
    type: "LogEventRecord",
    fields: fieldsOf<LogEventRecord>()([
      "account",
      "region",
      "timestamp",
      "logGroupName",
      "logStreamName",
      "message",
      "eventId",
    ]),
    note: "as logs search; while following, one ndjson line per event (a terminal: timestamp, stream, message)",
  },
  "logs insights": {
    type: "InsightsRecord",
    fields: fieldsOf<Pick<InsightsRecord, "account" | "region">>()(["account", "region"]),
    note: "plus one field per field of the query (@timestamp, @message, ...), values as strings",
  },
  triage: { type: "Finding", fields: FINDING_FIELDS },
  rules: {
    type: "RuleListing",
    fields: fieldsOf<RuleListing>()([
      "id",
      "defaultSeverity",
      "severityRule",
      "severity",
      "enabled",
      "resourceType",
      "sources",
      "triageSource",
      "summary",
      "thresholds",
    ]),
    note: "thresholds maps each name to {unit, default, value, description}",
  },
  diff: {
    type: "DiffEntry",
    fields: [...fieldsOf<Omit<DiffEntry, keyof Finding>>()(["change", "previousSeverity"]), ...FINDING_FIELDS],
    note: "change is new, resolved or unchanged",
  },
  "cache ls": {
    type: "CacheEntry",
    fields: fieldsOf<CacheEntry>()([
      "path",
      "script",
      "resource",
      "profile",
      "region",
      "account",
      "fetchedAt",
      "ageSeconds",
      "fresh",
      "items",
      "bytes",
      "error",
    ]),
  },
};
