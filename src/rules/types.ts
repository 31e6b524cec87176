/**
 * The records the rules read. A rule is pure: records of one kind, observed at one moment, in;
 * matches out (rule.ts). Nothing in a rule reads the clock or calls AWS, so the same cached data
 * always gives the same findings (`triage --offline`).
 */
import type {
  AlarmRecord,
  Finding,
  InstanceStatusRecord,
  LambdaFunctionRecord,
  LambdaMetricsRecord,
  LogGroupRecord,
  MetricValueRecord,
  Severity,
} from "../records.js";

/** Records of one source in one region, all fetched at the same moment. */
export interface Batch<T> {
  observedAt: string;
  records: readonly T[];
}

/** Everything the rules look at; a source that was not fetched is an empty list. */
export interface TriageData {
  instanceStatuses: Batch<InstanceStatusRecord>[];
  functions: Batch<LambdaFunctionRecord>[];
  metrics: Batch<LambdaMetricsRecord>[];
  alarms: Batch<AlarmRecord>[];
  logGroups: Batch<LogGroupRecord>[];
  /** The metric catalogue's values (health/catalogue.ts). */
  metricValues: Batch<MetricValueRecord>[];
}

export function emptyTriageData(): TriageData {
  return { instanceStatuses: [], functions: [], metrics: [], alarms: [], logGroups: [], metricValues: [] };
}

export type { Finding, Severity };
