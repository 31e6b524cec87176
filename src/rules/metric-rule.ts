/**
 * Rules over the metric catalogue (health/catalogue.ts): virtual alarms, evaluated from
 * CloudWatch metrics whether or not anyone created the alarm. A metric rule says what it
 * measures on one resource; `check` keeps the breaches, and `cloudwatch health` prints every
 * measurement, breached or not, from the same declaration.
 */
import type { MetricValueRecord, Severity } from "../records/index.js";
import type { HealthSource } from "../health/catalogue.js";
import { markOf } from "../metrics/completeness.js";
import { defineRule, type AnyRule, type Match, type ResourceRef, type ThresholdSpec, type Thresholds } from "./rule.js";

/** One resource's metric values, by metric name and statistic. */
export interface ResourceMetrics {
  resource: ResourceRef;
  resourceType: string;
  /** The dimensions that name the resource (a target group's include its LoadBalancer). */
  dimensions: Readonly<Record<string, string>>;
  /** The first answered value of the first of `metricNames` that has a record (HTTP APIs spell 5XXError `5xx`). */
  value(metricNames: string | readonly string[], stat: string): MetricValueRecord | undefined;
  /** Why the values read so far through `value` are partial (none: all complete). */
  partialReasons(): string[];
}

/** What a rule measured on one resource. */
export interface Measurement {
  metric: string;
  stat: string;
  value: number;
  threshold: number;
  breached: boolean;
  /** The numbers behind the value (the sums a ratio comes from). */
  evidence: Record<string, unknown>;
  /** Other metrics the rule read to judge (HealthyHostCount beside UnHealthyHostCount), for `cloudwatch health`. */
  also?: Measurement[];
}

export interface MetricRuleDeclaration {
  id: string;
  summary: string;
  resourceType: string;
  triageSource: HealthSource;
  thresholds?: Readonly<Record<string, ThresholdSpec>>;
  severity:
    | Severity
    | { describe: string; default: Severity; of(evidence: Measurement & Record<string, unknown>): Severity };
  /** Undefined when the resource has none of the data the rule needs (or CloudWatch could not answer). */
  measure(metrics: ResourceMetrics, thresholds: Thresholds): Measurement | undefined;
  title(m: Measurement, resource: ResourceRef): string;
}

export type MetricRule = AnyRule & { triageSource: HealthSource; measure: MetricRuleDeclaration["measure"] };

/** Groups a batch's records by resource, for the rules of one resource type. */
export function resourcesOf(records: readonly MetricValueRecord[], resourceType: string): ResourceMetrics[] {
  const groups = new Map<string, MetricValueRecord[]>();
  for (const r of records) {
    if (r.resourceType !== resourceType) continue;
    const key = JSON.stringify([r.account, r.region, r.resourceId]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as MetricValueRecord;
    const partialReasons: string[] = [];
    return {
      resource: { resourceId: first.resourceId, arn: first.arn, account: first.account, region: first.region },
      resourceType,
      dimensions: first.dimensions,
      value: (names, stat) => {
        for (const name of typeof names === "string" ? [names] : names) {
          const found = group.find((r) => r.metricName === name && r.stat === stat);
          if (found?.partial) partialReasons.push(found.partialReason ?? "partial");
          if (found !== undefined) return found;
        }
        return undefined;
      },
      partialReasons: () => [...new Set(partialReasons)],
    };
  });
}

type MetricEvidence = Record<string, unknown> & { metric: string; stat: string; value: number; threshold: number };

export function defineMetricRule(declaration: MetricRuleDeclaration): MetricRule {
  const { severity } = declaration;
  const rule = defineRule({
    id: declaration.id,
    summary: declaration.summary,
    resourceType: declaration.resourceType,
    source: "metricValues",
    ...(declaration.thresholds === undefined ? {} : { thresholds: declaration.thresholds }),
    severity:
      typeof severity === "string"
        ? severity
        : {
            describe: severity.describe,
            default: severity.default,
            of: (e: MetricEvidence) => severity.of(asMeasurement(e)),
          },
    check: (records, ctx) => {
      const matches: Match<MetricEvidence>[] = [];
      for (const metrics of resourcesOf(records, declaration.resourceType)) {
        const m = declaration.measure(metrics, ctx.thresholds);
        if (m === undefined || !m.breached) continue;
        // A value from an incomplete answer is marked; the engine caps such a finding's severity.
        const { partial, partialReason } = markOf(metrics.partialReasons());
        matches.push({
          resource: metrics.resource,
          evidence: {
            metric: m.metric,
            stat: m.stat,
            value: m.value,
            threshold: m.threshold,
            ...m.evidence,
            ...(partial ? { partial, partialReason } : {}),
          },
        });
      }
      return matches;
    },
    title: (e, resource) => declaration.title(asMeasurement(e), resource),
  });
  return Object.assign(rule, { triageSource: declaration.triageSource, measure: declaration.measure });
}

function asMeasurement(e: MetricEvidence): Measurement & Record<string, unknown> {
  const { metric, stat, value, threshold, ...evidence } = e;
  return { ...e, metric, stat, value, threshold, breached: true, evidence };
}

export const isMetricRule = (rule: AnyRule): rule is MetricRule => "measure" in rule;

/** `a / b` as a measurement, when b had any traffic and its count is complete (no rate over a lower bound). */
export function rateOf(
  metrics: ResourceMetrics,
  errors: string | readonly string[],
  total: string,
  threshold: number,
): Measurement | undefined {
  const count = metrics.value(total, "Sum");
  const failed = metrics.value(errors, "Sum");
  if (count?.value == null || count.value <= 0 || count.partial) return undefined;
  const errorCount = failed?.value ?? 0;
  const rate = errorCount / count.value;
  return {
    metric: failed?.metricName ?? (typeof errors === "string" ? errors : (errors[0] as string)),
    // A share of two Sums: `cloudwatch health` shows `rate`, not a Sum it is not.
    stat: "rate",
    value: rate,
    threshold,
    breached: rate >= threshold,
    evidence: { errors: errorCount, [total]: count.value },
  };
}

/** A single statistic against a threshold, `>=` or `>`. */
export function levelOf(
  metrics: ResourceMetrics,
  metric: string,
  stat: string,
  threshold: number,
  compare: ">=" | ">",
  scale = 1,
): Measurement | undefined {
  const record = metrics.value(metric, stat);
  if (record === undefined || !record.answered || record.value === null) return undefined;
  const value = record.value * scale;
  return {
    metric,
    stat,
    value,
    threshold,
    breached: compare === ">=" ? value >= threshold : value > threshold,
    evidence: {},
  };
}
