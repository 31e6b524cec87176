/** Raw CloudWatch Logs items (as cached) → records. Pure functions. */
import type { FilteredLogEvent, LogGroup, ResultField } from "@aws-sdk/client-cloudwatch-logs";
import type { LogEventRecord, LogGroupRecord } from "../records/index.js";
import { isoOrNull } from "../time/json-dates.js";
import { compareText } from "./order.js";

export type { LogEventRecord, LogGroupRecord } from "../records/index.js";

export const LOG_GROUP_COLUMNS = ["logGroupName", "retentionInDays", "storedBytes", "createdAt", "region"] as const;
export const LOG_EVENT_COLUMNS = ["timestamp", "logStreamName", "region", "message"] as const;

/** An Insights row: the query's fields plus account and region. */
export type InsightsRecord = { account: string | null; region: string } & Record<string, string | null>;

export function normalizeLogGroup(raw: LogGroup, account: string | null, region: string): LogGroupRecord {
  return {
    account,
    region,
    logGroupName: raw.logGroupName ?? "",
    // `arn` ends in ":*" (the streams); `logGroupArn` is the group's own ARN.
    arn: raw.logGroupArn ?? raw.arn?.replace(/:\*$/, "") ?? null,
    // DescribeLogGroups omits retentionInDays for groups that never expire.
    retentionInDays: raw.retentionInDays ?? null,
    storedBytes: raw.storedBytes ?? null,
    createdAt: isoOrNull(raw.creationTime),
    logGroupClass: raw.logGroupClass ?? null,
    kmsKeyId: raw.kmsKeyId ?? null,
    dataProtectionStatus: raw.dataProtectionStatus ?? null,
    metricFilterCount: raw.metricFilterCount ?? null,
    deletionProtectionEnabled: raw.deletionProtectionEnabled ?? null,
  };
}

export function matchesPrefix(record: LogGroupRecord, prefix: string | undefined): boolean {
  return prefix === undefined || record.logGroupName.startsWith(prefix);
}

export function normalizeLogEvent(
  raw: FilteredLogEvent,
  logGroupName: string,
  account: string | null,
  region: string,
): LogEventRecord {
  return {
    account,
    region,
    timestamp: isoOrNull(raw.timestamp) ?? "",
    logGroupName,
    logStreamName: raw.logStreamName ?? null,
    message: raw.message ?? "",
    eventId: raw.eventId ?? null,
  };
}

/**
 * Time order, then stream and event id, so equal timestamps still sort the same every run.
 * Raw events are sorted once, when fetched, so that the cache file is already in the order
 * records are printed in and can be printed as it is read.
 */
export function sortLogEvents(events: FilteredLogEvent[]): FilteredLogEvent[] {
  return events.sort(compareRawLogEvents);
}

/** The order of `sortLogEvents`, for one pair (`logs search --newest` keeps the last N by it). */
export function compareRawLogEvents(a: FilteredLogEvent, b: FilteredLogEvent): number {
  return (
    (a.timestamp ?? 0) - (b.timestamp ?? 0) ||
    compareText(a.logStreamName ?? "", b.logStreamName ?? "") ||
    compareText(a.eventId ?? "", b.eventId ?? "")
  );
}

/** Insights prints `@timestamp` as `2024-05-01 12:34:56.789` (UTC); moto as epoch milliseconds. */
export function insightsTimestamp(value: string): string {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text))
    return isoOrNull(`${text.replace(" ", "T")}Z`) ?? value;
  if (/^\d{10,14}$/.test(text)) return isoOrNull(Number(text)) ?? value;
  return value;
}

const RESERVED_KEYS = new Set(["account", "region"]);

/**
 * One Insights row → a record keyed by field name, `@ptr` dropped, `@timestamp` in ISO-8601.
 * Values stay strings, as Insights returns them. A field named like a reserved key
 * (`account`, `region`) is kept as `field:<name>` so it cannot overwrite them.
 */
export function normalizeInsightsRow(
  row: readonly ResultField[],
  account: string | null,
  region: string,
): InsightsRecord {
  const record: InsightsRecord = { account, region };
  for (const { field, value } of row) {
    if (field === undefined || field === "@ptr") continue;
    const key = RESERVED_KEYS.has(field) ? `field:${field}` : field;
    record[key] = field === "@timestamp" && value !== undefined ? insightsTimestamp(value) : (value ?? null);
  }
  return record;
}

/** Table columns for Insights rows: every field in first-seen order, then the region. */
export function insightsColumns(records: readonly InsightsRecord[]): string[] {
  const fields = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) if (!RESERVED_KEYS.has(key)) fields.add(key);
  return [...fields, "region"];
}
