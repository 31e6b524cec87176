/** Raw CloudWatch items (as cached) → records. Pure functions. */
import type { CompositeAlarm, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmMetricQuery, AlarmRecord, AlarmType, MetricDatapointRecord } from "../records/index.js";
import type { CachedMetricDataResult } from "./lambda.js";
import { isoOrNull, type JsonDates } from "../time/json-dates.js";
import { compareText } from "./order.js";
import { completenessOf, markOf } from "../metrics/completeness.js";

export type { AlarmRecord, MetricDatapointRecord } from "../records/index.js";

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

/** Composite alarms are the ones with a rule; metric-math alarms list their queries in `Metrics`. */
export function alarmTypeOf(raw: CachedAlarm): AlarmType {
  if ("AlarmRule" in raw && raw.AlarmRule !== undefined) return "composite";
  const metrics = (raw as JsonDates<MetricAlarm>).Metrics;
  return metrics !== undefined && metrics.length > 0 ? "metric-math" : "metric";
}

function alarmMetricQuery(query: NonNullable<MetricAlarm["Metrics"]>[number]): AlarmMetricQuery {
  const stat = query.MetricStat;
  return {
    id: query.Id ?? "",
    expression: query.Expression ?? null,
    label: query.Label ?? null,
    namespace: stat?.Metric?.Namespace ?? null,
    metricName: stat?.Metric?.MetricName ?? null,
    dimensions: dimensionMap(stat?.Metric?.Dimensions),
    stat: stat?.Stat ?? null,
    period: stat?.Period ?? query.Period ?? null,
    // DescribeAlarms leaves ReturnData out where it is the default (true).
    returnData: query.ReturnData ?? true,
    accountId: query.AccountId || null,
  };
}

/** The band expression a ThresholdMetricId names, when it is an anomaly-detection band. */
function anomalyBandOf(queries: readonly AlarmMetricQuery[], thresholdMetricId: string | null): string | null {
  const expression = queries.find((q) => q.id === thresholdMetricId)?.expression ?? null;
  return expression !== null && /^\s*ANOMALY_DETECTION_BAND\s*\(/i.test(expression) ? expression.trim() : null;
}

/** Metric and composite alarms alike; a composite alarm has no metric, namespace or dimensions. */
export function normalizeAlarm(raw: CachedAlarm, account: string | null, region: string): AlarmRecord {
  const alarmType = alarmTypeOf(raw);
  const composite = raw as JsonDates<CompositeAlarm>;
  // A composite alarm is never read as a metric alarm, whatever metric fields its item carries.
  const metric = (alarmType === "composite" ? {} : raw) as JsonDates<MetricAlarm>;
  const queries = (metric.Metrics ?? []).map(alarmMetricQuery);
  // DescribeAlarms answers "" where an alarm has no ThresholdMetricId.
  const thresholdMetricId = metric.ThresholdMetricId || null;
  return {
    account,
    region,
    alarmName: raw.AlarmName ?? "",
    alarmArn: raw.AlarmArn ?? null,
    stateValue: raw.StateValue ?? "INSUFFICIENT_DATA",
    stateReason: raw.StateReason ?? null,
    stateUpdatedAt: isoOrNull(raw.StateUpdatedTimestamp),
    namespace: metric.Namespace || null,
    // A metric-math alarm answers an empty MetricName (and no Namespace): that is "no metric".
    metricName: metric.MetricName || null,
    dimensions: dimensionMap(metric.Dimensions),
    alarmType,
    threshold: metric.Threshold ?? null,
    comparisonOperator: metric.ComparisonOperator ?? null,
    evaluationPeriods: metric.EvaluationPeriods ?? null,
    datapointsToAlarm: metric.DatapointsToAlarm ?? null,
    treatMissingData: metric.TreatMissingData ?? null,
    actionsEnabled: raw.ActionsEnabled ?? null,
    alarmActions: [...(raw.AlarmActions ?? [])],
    alarmRule: composite.AlarmRule ?? null,
    metrics: queries,
    thresholdMetricId,
    anomalyBand: anomalyBandOf(queries, thresholdMetricId),
  };
}

export interface DatapointContext {
  stat: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

/**
 * One record per datapoint of a GetMetricData result, sorted by time. Each says whether its
 * result was complete: datapoints of a partial answer are kept (more exist than were returned).
 */
export function normalizeDatapoints(
  result: CachedMetricDataResult,
  context: DatapointContext,
  account: string | null,
  region: string,
): MetricDatapointRecord[] {
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  const records: MetricDatapointRecord[] = [];
  const completeness = completenessOf(result);
  const mark = markOf(completeness.kind === "partial" ? [completeness.reason] : []);
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
      ...mark,
    });
  });
  return records.sort((a, b) => compareText(a.timestamp, b.timestamp));
}
