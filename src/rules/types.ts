/**
 * The records the rules read. A rule is pure: records of one kind, observed at one moment, in;
 * matches out (rule.ts). Nothing in a rule reads the clock or calls AWS, so the same cached data
 * always gives the same findings (`triage --offline`).
 */
import type {
  AlarmRecord,
  Change,
  Finding,
  GraphEdgeRecord,
  InstanceStatusRecord,
  LambdaFunctionRecord,
  LambdaMetricsRecord,
  LogEvidenceRecord,
  LogGroupRecord,
  MetricValueRecord,
  Severity,
} from "../records/index.js";
import { TRIAGE_DECLARED } from "../sources/registry.js";

/** Records of one source in one region, all fetched at the same moment. */
export interface Batch<T> {
  observedAt: string;
  records: readonly T[];
  /**
   * Where the batch was fetched. An empty batch still says "looked here, found none", which
   * is what a rule judging absence (no alarm, no such function) needs to know.
   */
  region?: string;
  account?: string | null;
}

/**
 * Lambda's account-level concurrency in one region: the limit (GetAccountSettings) and the
 * peak of `ConcurrentExecutions` (AWS/Lambda, no dimensions, Maximum) over the window.
 */
export interface AccountConcurrencyRecord {
  account: string | null;
  region: string;
  concurrentExecutionsLimit: number | null;
  unreservedConcurrentExecutions: number | null;
  /** null when CloudWatch has no datapoint in the window. */
  peakConcurrentExecutions: number | null;
  /** Set when CloudWatch answered the peak incompletely: it is then a lower bound (metrics/completeness.ts). */
  peakPartialReason?: string | null;
}

/** Everything the rules look at; a source that was not fetched is an empty list. */
export interface TriageData {
  instanceStatuses: Batch<InstanceStatusRecord>[];
  functions: Batch<LambdaFunctionRecord>[];
  metrics: Batch<LambdaMetricsRecord>[];
  alarms: Batch<AlarmRecord>[];
  logGroups: Batch<LogGroupRecord>[];
  /** The error lines' signatures of resources with errors (sources/log-evidence.ts). */
  logEvidence: Batch<LogEvidenceRecord>[];
  /** The metric catalogue's values (health/catalogue.ts). */
  metricValues: Batch<MetricValueRecord>[];
  accountConcurrency: Batch<AccountConcurrencyRecord>[];
  /** The resource graph's edges (sources/graph.ts); the incidents are read from it. */
  graph: Batch<GraphEdgeRecord>[];
  /** What changed (CloudTrail, instance launches): read beside findings, by no rule. */
  changes: Batch<Change>[];
}

/** One empty list per key, the keys being those the source registry declares (sources/registry.ts). */
export function emptyTriageData(): TriageData {
  return Object.fromEntries(TRIAGE_DECLARED.map((s) => [s.triage.data, []])) as unknown as TriageData;
}

/**
 * The `account|region` pairs a source was gathered in (its batches, empty ones included), so
 * a rule judges absence only where it looked.
 */
export function coveredPlaces(batches: readonly Batch<{ account: string | null; region: string }>[]): Set<string> {
  const places = new Set<string>();
  for (const batch of batches) {
    if (batch.region !== undefined) places.add(placeKey(batch.account ?? null, batch.region));
    for (const r of batch.records) places.add(placeKey(r.account, r.region));
  }
  return places;
}

export const placeKey = (account: string | null, region: string) => JSON.stringify([account, region]);

export type { Finding, Severity };
