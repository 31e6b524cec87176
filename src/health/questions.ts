/**
 * The questions of one region, as pure functions: which (resource, metric, statistic) the
 * discovered metrics call for, the `--max-metrics` cap, the GetMetricData queries, and the
 * answers read back into one value per window. Every question covers two windows of the
 * same length (the run's and the one before it, for `apigw.traffic-stopped`) with one period
 * each, so a query costs one metric whatever the window.
 */
import type { MetricDataQuery, MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { dimensionMap } from "../normalize/cloudwatch.js";
import { kindOf, resourceIdOf } from "./catalogue.js";
import { compareText } from "../normalize/order.js";

/** A metric ListMetrics reported (its cached form). */
export interface ListedMetric {
  Namespace?: string | undefined;
  MetricName?: string | undefined;
  Dimensions?: ReadonlyArray<{ Name?: string | undefined; Value?: string | undefined }> | undefined;
}

export interface Question {
  namespace: string;
  metricName: string;
  /**
   * In the order ListMetrics gave them: moto matches a query's dimensions to the stored ones
   * by position (its sort of dimensions is broken), and CloudWatch does not mind the order.
   */
  dimensions: Record<string, string>;
  stat: string;
  resourceType: string;
  resourceId: string;
}

/** One question's answer (the cached item): the statistic over the window and over the one before. */
export interface MetricAnswer extends Question {
  value: number | null;
  previous: number | null;
  /** `Complete`, or why there is no answer (`InternalError` for a percentile call that failed). */
  status: string;
  message: string | null;
}

const sortedDimensions = (d: Record<string, string>) =>
  Object.fromEntries(
    Object.keys(d)
      .sort()
      .map((k) => [k, d[k] as string]),
  );
const questionKey = (q: Omit<Question, "resourceType" | "resourceId">) =>
  JSON.stringify([q.namespace, q.metricName, sortedDimensions(q.dimensions), q.stat]);

/** Every catalogue question the listed metrics call for, once each, grouped by resource. */
export function questionsOf(listed: readonly ListedMetric[]): Question[] {
  const byKey = new Map<string, Question>();
  for (const metric of listed) {
    const dimensions = dimensionMap(metric.Dimensions as never);
    const namespace = metric.Namespace ?? "";
    const metricName = metric.MetricName ?? "";
    const kind = kindOf(namespace, metricName, Object.keys(dimensions));
    if (kind === undefined) continue;
    for (const stat of kind.metrics[metricName] ?? []) {
      const question = {
        namespace,
        metricName,
        dimensions,
        stat,
        resourceType: kind.resourceType,
        resourceId: resourceIdOf(kind, dimensions),
      };
      byKey.set(questionKey(question), question);
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      compareText(a.resourceType, b.resourceType) ||
      compareText(a.resourceId, b.resourceId) ||
      compareText(questionKey(a), questionKey(b)),
  );
}

export const resourceOf = (q: Pick<Question, "resourceType" | "resourceId">) => `${q.resourceType} ${q.resourceId}`;

export interface Capped {
  asked: Question[];
  /** The resources left out whole (a resource is asked about entirely or not at all, so its ratios hold). */
  leftOut: { resources: string[]; metrics: number };
}

/** The first `max` questions, cut at a resource's edge. */
export function capQuestions(questions: readonly Question[], max: number): Capped {
  const asked: Question[] = [];
  const leftOutResources: string[] = [];
  let leftOutMetrics = 0;
  let i = 0;
  while (i < questions.length) {
    const resource = resourceOf(questions[i] as Question);
    let end = i;
    while (end < questions.length && resourceOf(questions[end] as Question) === resource) end++;
    const group = questions.slice(i, end);
    if (leftOutResources.length === 0 && asked.length + group.length <= max) asked.push(...group);
    else {
      leftOutResources.push(resource);
      leftOutMetrics += group.length;
    }
    i = end;
  }
  return { asked, leftOut: { resources: leftOutResources, metrics: leftOutMetrics } };
}

export { isPercentile } from "../metrics/isolated-percentiles.js";

/** Query Id `q<index>`; Ids must start with a lower-case letter. */
export function metricQueries(
  questions: ReadonlyArray<Pick<Question, "namespace" | "metricName" | "dimensions" | "stat">>,
  periodSeconds: number,
  first = 0,
): MetricDataQuery[] {
  return questions.map((q, i) => ({
    Id: `q${first + i}`,
    MetricStat: {
      Metric: {
        Namespace: q.namespace,
        MetricName: q.metricName,
        Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: periodSeconds,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
}

/** Combines datapoints (or answers of one resource) the way their statistic does. */
export function combine(stat: string, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  if (stat === "Sum") return values.reduce((a, b) => a + b, 0);
  if (stat === "Minimum") return Math.min(...values);
  if (stat === "Average") return values.reduce((a, b) => a + b, 0) / values.length;
  // Maximum, and percentiles: the worst of the parts.
  return Math.max(...values);
}

/**
 * The answers to `questions` (query Id `q<index>`), each datapoint counted in the window it
 * starts in: the run's window is the later period of the range, which starts at `rangeStartMs`.
 */
export function answersOf(
  questions: readonly Question[],
  results: readonly Pick<MetricDataResult, "Id" | "Timestamps" | "Values" | "StatusCode" | "Messages">[],
  rangeStartMs: number,
  periodSeconds: number,
): MetricAnswer[] {
  const byId = new Map(results.map((r) => [r.Id ?? "", r]));
  // Halfway through the first period: CloudWatch may round the range's start to the minute.
  const split = rangeStartMs + (periodSeconds * 1000) / 2;
  return questions.map((q, i) => {
    const result = byId.get(`q${i}`);
    const current: number[] = [];
    const previous: number[] = [];
    (result?.Timestamps ?? []).forEach((t, j) => {
      const value = result?.Values?.[j];
      if (value === undefined) return;
      (new Date(t).getTime() >= split ? current : previous).push(value);
    });
    return {
      ...q,
      value: combine(q.stat, current),
      previous: combine(q.stat, previous),
      status: result?.StatusCode ?? "Missing",
      message: result?.Messages?.[0]?.Value ?? null,
    };
  });
}
