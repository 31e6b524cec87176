import { describe, expect, it } from "vitest";
import {
  defaultPeriod,
  isValidPeriod,
  isValidStat,
  LAMBDA_PERCENTILE_QUERY,
  LAMBDA_STANDARD_QUERIES,
  lambdaMetricQueries,
  queryKeyOf,
  toDimensions,
  wholeWindowPeriod,
} from "../../../src/metrics/metric-queries.js";

const MIN = 60_000;
const DAY = 86_400_000;

describe("GetMetricData queries and CloudWatch option rules", () => {
  it("builds one query per function and statistic, with valid Ids and the function as Label", () => {
    const queries = lambdaMetricQueries(["api", "worker"], LAMBDA_STANDARD_QUERIES, 3600);
    expect(queries).toHaveLength(8);
    expect(queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? ""))).toBe(true);
    expect(new Set(queries.map((q) => q.Id)).size).toBe(8);
    expect(queries[4]).toEqual({
      Id: "invocations_1",
      Label: "worker",
      MetricStat: {
        Metric: {
          Namespace: "AWS/Lambda",
          MetricName: "Invocations",
          Dimensions: [{ Name: "FunctionName", Value: "worker" }],
        },
        Period: 3600,
        Stat: "Sum",
      },
      ReturnData: true,
    });
    expect(lambdaMetricQueries(["api"], [LAMBDA_PERCENTILE_QUERY], 60)[0]?.MetricStat?.Stat).toBe("p99");
    expect(queryKeyOf("durationP99_12")).toBe("durationP99");
  });

  it("covers the whole window with one period, rounded up to what CloudWatch keeps that far back", () => {
    expect(wholeWindowPeriod(60 * MIN)).toBe(3600);
    expect(wholeWindowPeriod(90_000)).toBe(120);
    expect(wholeWindowPeriod(20 * DAY) % 300).toBe(0);
    expect(wholeWindowPeriod(70 * DAY) % 3600).toBe(0);
    expect(wholeWindowPeriod(70 * DAY)).toBeGreaterThanOrEqual(70 * 86_400);
  });

  it("picks the finest default period that keeps a window readable", () => {
    expect(defaultPeriod(60 * MIN)).toBe(60);
    expect(defaultPeriod(7 * DAY)).toBe(3600);
    expect(defaultPeriod(2 * DAY)).toBe(300);
    expect(defaultPeriod(30 * DAY)).toBe(3600);
    expect(defaultPeriod(100 * DAY)).toBe(86_400);
  });

  it("accepts only the periods and statistics GetMetricData does", () => {
    expect([1, 5, 10, 20, 30, 60, 300, 3600].every(isValidPeriod)).toBe(true);
    expect([0, 2, 45, 90, 0.5].some(isValidPeriod)).toBe(false);
    expect(["Sum", "Average", "p99", "p99.9", "tm90", "IQM"].every(isValidStat)).toBe(true);
    expect(["sum", "p", "p1000", "avg", ""].some(isValidStat)).toBe(false);
  });

  it("sorts dimensions by name so flag order does not change the cache key", () => {
    expect(toDimensions({ b: "2", a: "1" })).toEqual([
      { Name: "a", Value: "1" },
      { Name: "b", Value: "2" },
    ]);
  });
});
