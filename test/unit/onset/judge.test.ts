import { describe, expect, it } from "vitest";
import { judgeOnset, lowered, type SeriesPoint } from "../../../src/onset/judge.js";
import { gridOf, gridOfAnswer, queriesPerCall, seriesOf, seriesPeriod } from "../../../src/onset/series.js";
import { breachOf, periodValue, planFor } from "../../../src/onset/plans.js";
import type { Finding } from "../../../src/records/index.js";

const T0 = Date.parse("2026-12-07T00:00:00Z");
const at = (i: number) => new Date(T0 + i * 60_000).toISOString();
const series = (values: ReadonlyArray<number | null>): SeriesPoint[] =>
  values.map((value, i) => ({ at: at(i), value }));
const judge = (values: ReadonlyArray<number | null>, worse: "higher" | "lower" = "higher", lastIsPartial = false) =>
  judgeOnset({
    series: series(values),
    breached: worse === "higher" ? (v) => v > 0 : (v) => v === 0,
    worse,
    lastIsPartial,
  });

describe("judgeOnset", () => {
  it("a breach starting at period 40 and growing: since its first period, rising, peak at the largest", () => {
    const values = Array.from({ length: 120 }, (_, i) => (i < 40 ? 0 : i - 39));
    expect(judge(values)).toEqual({ since: at(40), peakAt: at(119), trend: "rising" });
  });

  it("short gaps do not split the breach; a long quiet before it does", () => {
    const values = Array.from({ length: 120 }, (_, i) => (i === 5 || (i >= 60 && i % 3 === 0) ? 4 : 0));
    expect(judge(values).since).toBe(at(60));
    expect(judge(values).trend).toBe("steady");
  });

  it("a breach that stopped longer than a quarter of the window ago has ended, since its first period", () => {
    const values = Array.from({ length: 120 }, (_, i) => (i >= 20 && i < 60 ? 5 : 0));
    expect(judge(values)).toEqual({ since: at(20), peakAt: at(20), trend: "ended" });
  });

  it("falling values are recovering; the partial last period is left out of the trend", () => {
    const falling = Array.from({ length: 40 }, (_, i) => 100 - 2 * i);
    expect(judge(falling).trend).toBe("recovering");
    expect(judge([5, 5, 5, 5, 5, 5, 5, 1], "higher", true).trend).toBe("steady");
    expect(judge([5, 5, 5, 5, 5, 5, 5, 1], "higher", false).trend).toBe("recovering");
  });

  it("a lower-is-worse series (traffic stopped) breaches at 0 and peaks at its lowest", () => {
    const values = [10, 12, 11, 0, 0, 0, 0, 0, 0, 0];
    expect(judge(values, "lower")).toMatchObject({ since: at(3), peakAt: at(3) });
  });

  it("nothing breaching per period: no since, steady", () => {
    expect(judge([0, 0, null, 0])).toEqual({ since: null, peakAt: at(0), trend: "steady" });
  });

  it("an ended breach is one severity lower; info stays info", () => {
    expect(lowered("critical")).toBe("high");
    expect(lowered("high")).toBe("medium");
    expect(lowered("info")).toBe("info");
  });
});

describe("series", () => {
  it("the period fits the window and the data CloudWatch keeps", () => {
    const w = (hours: number, ageDays = 0) => ({
      startMs: 0,
      endMs: hours * 3_600_000,
      startAgeMs: ageDays * 86_400_000 + hours * 3_600_000,
    });
    expect(seriesPeriod(w(2))).toBe(60);
    expect(seriesPeriod(w(3))).toBe(60);
    expect(seriesPeriod(w(12))).toBe(300);
    expect(seriesPeriod(w(48))).toBe(3_600);
    expect(seriesPeriod(w(24 * 30))).toBe(86_400);
    // An hour's window 20 days back: 1-minute data is gone.
    expect(seriesPeriod(w(1, 20))).toBe(300);
  });

  it("calls hold at most 500 queries and 100,800 datapoints", () => {
    expect(queriesPerCall(120)).toBe(500);
    expect(queriesPerCall(288)).toBe(350);
    expect(queriesPerCall(1_440) * 1_440).toBeLessThanOrEqual(100_800);
  });

  it("datapoints fall into their periods; parts combine; a Sum with no datapoint is 0, a Maximum null", () => {
    const grid = gridOf({ startMs: T0 + 30_000, endMs: T0 + 3 * 60_000 + 10_000 }, 60);
    expect(grid).toMatchObject({ first: T0, count: 4, lastIsPartial: true });
    const part = (values: number[], minutes: number[]) => ({
      namespace: "AWS/DynamoDB",
      metricName: "ThrottledRequests",
      dimensions: {},
      stat: "Sum",
      from: at(0),
      to: new Date(T0 + 3 * 60_000 + 10_000).toISOString(),
      period: 60,
      timestamps: minutes.map(at),
      values,
      status: "Complete",
    });
    expect(seriesOf([part([1, 2], [0, 2]), part([3], [2])], "Sum", grid)?.map((p) => p.value)).toEqual([1, 0, 5, 0]);
    expect(seriesOf([part([7], [1])], "Maximum", grid)?.map((p) => p.value)).toEqual([null, 7, null, null]);
    expect(seriesOf([{ ...part([], []), status: "InternalError" }], "Sum", grid)).toBeUndefined();
    // A cached answer carries the grid it was asked on.
    expect(gridOfAnswer(part([], []))).toEqual(grid);
  });
});

describe("plans", () => {
  const finding = (ruleId: string, evidence: Record<string, unknown>) => ({ ruleId, evidence }) as unknown as Finding;

  it("a rate breaches per period at its threshold; errors without traffic are all failed", () => {
    const plan = planFor(finding("apigw.5xx-rate", { threshold: 0.01 }));
    if (plan === undefined) throw new Error("no plan");
    expect(periodValue(plan, 2, 100)).toBe(0.02);
    expect(periodValue(plan, 3, 0)).toBe(1);
    expect(periodValue(plan, null, 50)).toBe(0);
    expect(periodValue(plan, null, null)).toBeNull();
    expect(breachOf(plan)(0.01)).toBe(true);
    expect(breachOf(plan)(0.009)).toBe(false);
  });

  it("levels are scaled to the threshold's unit; the duration rule's threshold is its share of the timeout", () => {
    const age = planFor(finding("sqs.message-age", { threshold: 900_000 }));
    if (age === undefined) throw new Error("no plan");
    expect(periodValue(age, 1_000, null)).toBe(1_000_000);
    expect(breachOf(age)(900_000)).toBe(true);
    const duration = planFor(finding("lambda.duration-near-timeout", { thresholdShare: 0.8, timeoutMs: 3_000 }));
    expect(duration).toMatchObject({ kind: "level", threshold: 2_400, metrics: ["Duration"], stat: "Maximum" });
    expect(planFor(finding("cloudwatch.alarm-firing", {}))).toBeUndefined();
  });
});
