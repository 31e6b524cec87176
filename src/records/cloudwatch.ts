import type { RecordBase } from "./base.js";

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
  /** true when CloudWatch answered incompletely (`PartialData`, or with messages): a sum or maximum is a lower bound. */
  partial: boolean;
  /** CloudWatch's words; null when complete. */
  partialReason: string | null;
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
  /** true when a value the rule read comes from an incomplete answer (a rate is never computed over one). */
  partial: boolean;
  partialReason: string | null;
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
  /** The account the metric is read from, for a cross-account alarm; null when it is the alarm's own. */
  accountId: string | null;
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
  /**
   * The Id in `metrics` of the query the alarm compares against instead of a fixed threshold
   * (an anomaly-detection band); null for threshold alarms.
   */
  thresholdMetricId: string | null;
  /** An anomaly-detection alarm's band, e.g. `ANOMALY_DETECTION_BAND(m1, 2)`; null for other alarms. */
  anomalyBand: string | null;
}

/** `cloudwatch metrics`: one record per datapoint, sorted by time. */
export interface MetricDatapointRecord extends RecordBase {
  timestamp: string;
  value: number;
  stat: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** true when CloudWatch answered the query incompletely (`PartialData`, or with messages): more datapoints exist. */
  partial: boolean;
  /** CloudWatch's words (`PartialData`); null when complete. */
  partialReason: string | null;
}
