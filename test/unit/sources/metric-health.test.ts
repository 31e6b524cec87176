/** The metric catalogue's fetch with a mocked CloudWatch: what moto cannot answer (p99, traffic that stopped). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { metricAnswersSpec, metricValueRecords } from "../../../src/sources/metric-health.js";
import { questionsOf, type ListedMetric } from "../../../src/health/questions.js";
import { resolveWindow } from "../../../src/time/window.js";
import { findingsOf } from "../../../src/rules/engine.js";
import { apigwLatencyP99, apigwTrafficStopped, apigw5xxRate } from "../../../src/rules/metric-health.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const NOW = Date.UTC(2026, 10, 30, 12);
const window = resolveWindow({ kind: "ago", text: "1h", ms: 3_600_000 }, undefined, NOW);
const options = { since: "1h", window };
const api = (metricName: string): ListedMetric => ({
  Namespace: "AWS/ApiGateway",
  MetricName: metricName,
  Dimensions: [{ Name: "ApiName", Value: "orders" }],
});
const questions = questionsOf([api("Count"), api("5XXError"), api("Latency")]);

/** Answers each query by its statistic: one datapoint in the window before (`previous`), one in the run's. */
function answer(cw: AwsClientStub<CloudWatchClient>, values: Record<string, [number, number]>, p99: "answer" | "fail") {
  const calls: MetricDataQuery[][] = [];
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; StartTime: Date }) => {
    calls.push(input.MetricDataQueries);
    if (p99 === "fail" && input.MetricDataQueries.some((q) => q.MetricStat?.Stat === "p99"))
      throw sdkError("InternalFailure", 500, "percentiles are not supported here");
    const start = new Date(input.StartTime).getTime();
    return {
      MetricDataResults: input.MetricDataQueries.map((q) => {
        const [before, now] = values[q.MetricStat?.Metric?.MetricName ?? ""] ?? [0, 0];
        return {
          Id: q.Id,
          Timestamps: [new Date(start), new Date(start + 3_600_000)],
          Values: [before, now],
          StatusCode: "Complete",
        };
      }),
    };
  });
  return calls;
}

describe("metric catalogue fetch", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
  });
  afterEach(() => cw.restore());

  const fetchRecords = async () => {
    const items = await metricAnswersSpec(questions, options).fetch(testProvider(), "us-east-1", () => undefined);
    return metricValueRecords(items, "123456789012", "us-east-1");
  };
  const at = { observedAt: new Date(NOW).toISOString() };

  it("asks the standard statistics in one call and p99 in a call of its own, over two windows", async () => {
    const calls = answer(cw, { Count: [50, 100], "5XXError": [0, 7], Latency: [900, 1500] }, "answer");
    const records = await fetchRecords();
    expect(calls.map((c) => c.map((q) => q.MetricStat?.Stat))).toEqual([["Sum", "Sum"], ["p99"]]);
    expect(calls[0]?.[0]?.MetricStat?.Period).toBe(3600);
    const count = records.find((r) => r.metricName === "Count");
    expect(count).toMatchObject({ value: 100, previous: 50, answered: true });
    expect(findingsOf(apigwLatencyP99, { ...at, records })[0]?.evidence).toMatchObject({
      value: 1500,
      threshold: 1000,
    });
    expect(findingsOf(apigw5xxRate, { ...at, records })).toHaveLength(1);
  });

  it("a failed p99 call leaves only p99 unanswered: that rule is skipped, the others stand", async () => {
    answer(cw, { Count: [50, 100], "5XXError": [0, 7], Latency: [900, 1500] }, "fail");
    const records = await fetchRecords();
    expect(records.find((r) => r.stat === "p99")).toMatchObject({ answered: false, value: null });
    expect(findingsOf(apigwLatencyP99, { ...at, records })).toEqual([]);
    expect(findingsOf(apigw5xxRate, { ...at, records })).toHaveLength(1);
  });

  it("finds traffic that stopped: requests in the window before, none in the run's", async () => {
    answer(cw, { Count: [120, 0], "5XXError": [0, 0], Latency: [100, 100] }, "answer");
    const findings = findingsOf(apigwTrafficStopped, { ...at, records: await fetchRecords() });
    expect(findings.map((f) => [f.severity, f.resourceId, f.evidence.previousWindow])).toEqual([
      ["high", "orders", 120],
    ]);
  });
});
