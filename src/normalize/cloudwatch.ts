/** Raw CloudWatch items (as cached) → records. Pure functions. */
import type { CompositeAlarm, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmRecord, MetricDatapointRecord } from "../records.js";
import type { CachedMetricDataResult } from "./lambda.js";
import { isoOrNull } from "./ec2.js";
import type { JsonDates } from "./cached.js";

export type { AlarmRecord, MetricDatapointRecord } from "../records.js";

export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;

/** Cached alarms (dates as ISO strings); composite alarms are the ones with `AlarmRule`. */
export type CachedAlarm = JsonDates<MetricAlarm> | JsonDates<CompositeAlarm>;

export const ALARM_COLUMNS = [
  "alarmName",
  "stateValue",
  "stateUpdatedAt",
  "namespace",
  "metricName",
  "dimensions",
  "region",
  "stateReason",
] as const;
export const DATAPOINT_COLUMNS = ["timestamp", "value", "stat", "metricName", "dimensions", "region"] as const;

export function dimensionMap(
  dimensions: ReadonlyArray<{ Name?: string | undefined; Value?: string | undefined }> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dimensions ?? []) if (d.Name !== undefined) out[d.Name] = d.Value ?? "";
  return out;
}

/** Metric and composite alarms alike; a composite alarm has no metric, namespace or dimensions. */
export function normalizeAlarm(raw: CachedAlarm, account: string | null, region: string): AlarmRecord {
  const metric = raw as JsonDates<MetricAlarm>;
  return {
    account,
    region,
    alarmName: raw.AlarmName ?? "",
    alarmArn: raw.AlarmArn ?? null,
    stateValue: raw.StateValue ?? "INSUFFICIENT_DATA",
    stateReason: raw.StateReason ?? null,
    stateUpdatedAt: isoOrNull(raw.StateUpdatedTimestamp),
    namespace: metric.Namespace ?? null,
    metricName: metric.MetricName ?? null,
    dimensions: dimensionMap(metric.Dimensions),
  };
}

export interface DatapointContext {
  stat: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

/** One record per datapoint of a GetMetricData result, sorted by time. */
export function normalizeDatapoints(
  result: CachedMetricDataResult,
  context: DatapointContext,
  account: string | null,
  region: string,
): MetricDatapointRecord[] {
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  const records: MetricDatapointRecord[] = [];
  timestamps.forEach((timestamp, i) => {
    const iso = isoOrNull(timestamp);
    const value = values[i];
    if (iso === null || value === undefined) return;
    records.push({
      account,
      region,
      timestamp: iso,
      value,
      stat: context.stat,
      namespace: context.namespace,
      metricName: context.metricName,
      dimensions: { ...context.dimensions },
    });
  });
  return records.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
