/**
 * `cloudwatch health`: every metric rule's measurement on every resource, breached or not,
 * from the same declarations triage judges with (rules/metric-health.ts). The numbers
 * without the judgement, for people who want to see how close to a threshold things are.
 */
import type { MetricHealthRecord, MetricValueRecord } from "../records/index.js";
import { effectiveRules } from "../rules/engine.js";
import { METRIC_RULES } from "../rules/metric-health.js";
import { resourcesOf, type MetricRule } from "../rules/metric-rule.js";
import { DEFAULT_SETTINGS, type JudgementSettings } from "../rules/settings.js";
import type { Batch } from "../rules/types.js";
import { markOf } from "../metrics/completeness.js";

export const HEALTH_COLUMNS = [
  "resourceType",
  "resourceId",
  "metric",
  "stat",
  "value",
  "threshold",
  "breached",
  "region",
] as const;

export function healthRecords(
  batches: readonly Batch<MetricValueRecord>[],
  settings: JudgementSettings = DEFAULT_SETTINGS,
): MetricHealthRecord[] {
  const records: MetricHealthRecord[] = [];
  for (const { rule, thresholds } of effectiveRules(settings, METRIC_RULES)) {
    const { measure, resourceType } = rule as MetricRule;
    for (const batch of batches)
      for (const metrics of resourcesOf(batch.records, resourceType)) {
        const measured = measure(metrics, thresholds);
        if (measured === undefined) continue;
        const { account, region, resourceId } = metrics.resource;
        for (const m of [measured, ...(measured.also ?? [])])
          records.push({
            account,
            region,
            resourceType,
            resourceId,
            metric: m.metric,
            stat: m.stat,
            value: m.value,
            threshold: m.threshold,
            breached: m.breached,
            ruleId: rule.id,
            ...markOf(metrics.partialReasons()),
          });
      }
  }
  const text = (r: MetricHealthRecord) => [r.region, r.resourceType, r.resourceId, r.ruleId].join(" ");
  return records.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
