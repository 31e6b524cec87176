/** The series fetch (onset/series.ts) with a mocked CloudWatch: calls within both GetMetricData limits. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { seriesSpec, type SeriesQuestion } from "../../../src/onset/series.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const HOUR = 3_600_000;
const question = (i: number, stat = "Sum"): SeriesQuestion => ({
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: `fn-${String(i).padStart(4, "0")}` },
  stat,
});

describe("seriesSpec", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let calls: Array<{ queries: number; period: number; start: number }>;
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
    calls = [];
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; StartTime: Date }) => {
      calls.push({
        queries: input.MetricDataQueries.length,
        period: input.MetricDataQueries[0]?.MetricStat?.Period ?? 0,
        start: input.StartTime.getTime(),
      });
      if (input.MetricDataQueries.some((q) => q.MetricStat?.Stat === "p99"))
        throw sdkError("InternalFailure", 500, "no percentiles here");
      return {
        MetricDataResults: input.MetricDataQueries.map((q) => ({
          Id: q.Id,
          Timestamps: [new Date(input.StartTime.getTime() + 60_000)],
          Values: [Number(q.MetricStat?.Metric?.Dimensions?.[0]?.Value?.slice(3))],
          StatusCode: "Complete",
        })),
      };
    });
  });
  afterEach(() => cw.restore());

  const window = (hours: number) => {
    const endMs = Date.parse("2026-12-07T04:00:30Z");
    return { startMs: endMs - hours * HOUR, endMs, startAgeMs: hours * HOUR, start: "", end: "" };
  };

  it("a 2-hour window: 1-minute periods from the minute the window starts in, 500 queries a call", async () => {
    const spec = seriesSpec(
      Array.from({ length: 600 }, (_, i) => question(i)),
      { since: "2h" },
      window(2),
    );
    const answers = await spec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(calls.map((c) => c.queries)).toEqual([500, 100]);
    expect(calls[0]).toMatchObject({ period: 60, start: Date.parse("2026-12-07T02:00:00Z") });
    // Each answer is its own question's, whichever call it came in.
    expect(answers.map((a) => a.values[0])).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(answers[0]).toMatchObject({ from: "2026-12-07T02:00:00.000Z", to: "2026-12-07T04:00:30.000Z", period: 60 });
  });

  it("a day's window at 5 minutes: 289 datapoints a query, so at most 348 queries a call (100,800 datapoints)", async () => {
    const spec = seriesSpec(
      Array.from({ length: 600 }, (_, i) => question(i)),
      { since: "1d" },
      window(24),
    );
    await spec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(calls.map((c) => c.queries)).toEqual([348, 252]);
    expect(calls.every((c) => c.period === 300 && c.queries * 289 <= 100_800)).toBe(true);
  });

  it("a percentile call that fails costs only its own questions", async () => {
    const spec = seriesSpec([question(1), question(2, "p99")], { since: "1h" }, window(1));
    const answers = await spec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(answers.map((a) => [a.stat, a.status])).toEqual([
      ["Sum", "Complete"],
      ["p99", "InternalError"],
    ]);
  });
});
