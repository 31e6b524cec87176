/**
 * The metric catalogue (health/catalogue.ts) fetches what the metric rules (rules/metric-health.ts)
 * read: each rule's measure is run over a stand-in for a resource's metrics that records every
 * metric and statistic it asks for, and each of those must be one the catalogue asks CloudWatch
 * for, for every kind of resource the rule judges. A rule reading a metric the catalogue does
 * not fetch would never fire, silently; this fails instead.
 */
import { describe, expect, it } from "vitest";
import { RESOURCE_KINDS } from "../../../src/health/catalogue.js";
import { RULES } from "../../../src/rules/registry.js";
import { isMetricRule, type MetricRule, type ResourceMetrics } from "../../../src/rules/metric-rule.js";
import type { MetricValueRecord } from "../../../src/records/index.js";

/** Every (metric names, statistic) the rule's measure asks for, over answers that make it read on. */
function asked(rule: MetricRule): { names: readonly string[]; stat: string }[] {
  const seen: { names: readonly string[]; stat: string }[] = [];
  const thresholds = Object.fromEntries(Object.entries(rule.thresholds ?? {}).map(([k, t]) => [k, t.default]));
  // Some rules stop at the first missing value, others at the first present one: run both ways,
  // and with traffic that stopped (value 0 after a window with some) for the rules judging that.
  for (const answer of [{ value: 1, previous: 1 }, { value: 0, previous: 5 }, undefined]) {
    const metrics: ResourceMetrics = {
      resource: { resourceId: "r", arn: null, account: null, region: "us-east-1" },
      resourceType: rule.resourceType,
      dimensions: {},
      value: (names, stat) => {
        const list = typeof names === "string" ? [names] : names;
        seen.push({ names: list, stat });
        if (answer === undefined) return undefined;
        return { metricName: list[0], stat, answered: true, ...answer } as unknown as MetricValueRecord;
      },
      partialReasons: () => [],
    };
    rule.measure(metrics, thresholds);
  }
  return seen;
}

const metricRules = RULES.filter(isMetricRule);

describe("the metric catalogue and the metric rules", () => {
  it("has metric rules to check", () => {
    expect(metricRules.length).toBeGreaterThan(5);
  });

  for (const rule of metricRules) {
    it(`${rule.id}: every metric and statistic it reads is fetched for its resource type`, () => {
      const kinds = RESOURCE_KINDS.filter(
        (k) => k.source === rule.triageSource && k.resourceType === rule.resourceType,
      );
      expect(kinds, `no catalogue kind of ${rule.triageSource} for ${rule.resourceType}`).not.toEqual([]);
      const reads = asked(rule);
      expect(reads, "the rule reads no metric").not.toEqual([]);
      for (const { names, stat } of reads) {
        // Alternatives (`["5XXError", "5xx"]`: REST and HTTP APIs spell it differently): each kind fetches one.
        for (const kind of kinds)
          expect(
            names.some((name) => kind.metrics[name]?.includes(stat)),
            `${rule.id} reads ${names.join(" or ")} ${stat}, which the catalogue does not fetch for ${kind.namespace} ${kind.idDimensions.join(",")}`,
          ).toBe(true);
      }
    });
  }

  it("fetches no metric and statistic that no rule reads (each one is paid for)", () => {
    const read = new Set(
      metricRules.flatMap((rule) =>
        asked(rule).flatMap(({ names, stat }) => names.map((name) => `${rule.resourceType} ${name} ${stat}`)),
      ),
    );
    const unread = RESOURCE_KINDS.flatMap((kind) =>
      Object.entries(kind.metrics).flatMap(([name, stats]) =>
        stats.map((stat) => `${kind.resourceType} ${name} ${stat}`).filter((key) => !read.has(key)),
      ),
    );
    expect(unread).toEqual([]);
  });
});
