/** The one p99 isolation (metrics/isolated-percentiles.ts), with a mocked CloudWatch. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { getMetricDataIsolatingPercentiles } from "../../../src/metrics/isolated-percentiles.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const query = (id: string, stat: string): MetricDataQuery => ({
  Id: id,
  Label: id,
  MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: "Duration" }, Period: 3600, Stat: stat },
});
const range = { startTime: new Date(0), endTime: new Date(3_600_000) };

describe("getMetricDataIsolatingPercentiles", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let calls: string[][];
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
    calls = [];
  });
  afterEach(() => cw.restore());

  const answering = (failPercentiles: "fail" | "answer", name = "InternalFailure", status = 500) =>
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => {
      calls.push(input.MetricDataQueries.map((q) => q.MetricStat?.Stat ?? ""));
      if (failPercentiles === "fail" && input.MetricDataQueries.some((q) => q.MetricStat?.Stat?.startsWith("p")))
        throw sdkError(name, status, "percentiles are not supported here");
      return {
        MetricDataResults: input.MetricDataQueries.map((q) => ({
          Id: q.Id,
          Timestamps: [],
          Values: [1],
          StatusCode: "Complete",
        })),
      };
    });

  it("asks the standard statistics together and the percentiles in a call of their own", async () => {
    answering("answer");
    const queries = [query("a", "Sum"), query("b", "p99"), query("c", "Maximum"), query("d", "p99.9")];
    const results = await getMetricDataIsolatingPercentiles(testProvider(), "us-east-1", queries, range);
    expect(calls).toEqual([
      ["Sum", "Maximum"],
      ["p99", "p99.9"],
    ]);
    expect(results.map((r) => [r.Id, r.StatusCode])).toEqual([
      ["a", "Complete"],
      ["c", "Complete"],
      ["b", "Complete"],
      ["d", "Complete"],
    ]);
  });

  it("a percentile call that fails becomes failed results, as GetMetricData reports a failed query", async () => {
    answering("fail");
    const results = await getMetricDataIsolatingPercentiles(
      testProvider(),
      "us-east-1",
      [query("a", "Sum"), query("b", "p99")],
      range,
    );
    expect(results[0]).toMatchObject({ Id: "a", StatusCode: "Complete" });
    expect(results[1]).toMatchObject({
      Id: "b",
      Label: "b",
      Values: [],
      StatusCode: "InternalError",
      Messages: [{ Code: "InternalFailure" }],
    });
    expect(results[1]?.Messages?.[0]?.Value).toMatch(/percentiles are not supported/);
  });

  it("a standard call that fails fails the whole fetch (it is what was asked for)", async () => {
    cw.on(GetMetricDataCommand).rejects(sdkError("AccessDenied", 403, "no"));
    await expect(
      getMetricDataIsolatingPercentiles(testProvider(), "us-east-1", [query("a", "Sum"), query("b", "p99")], range),
    ).rejects.toBeInstanceOf(AwsApiError);
  });

  it("sends no standard call when only percentiles are asked", async () => {
    answering("answer");
    await getMetricDataIsolatingPercentiles(testProvider(), "us-east-1", [query("b", "p99")], range);
    expect(calls).toEqual([["p99"]]);
  });
});
