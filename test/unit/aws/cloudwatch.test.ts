import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { describeAlarms, getMetricData, MAX_QUERIES_PER_CALL } from "../../../src/aws/cloudwatch.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const query = (i: number): MetricDataQuery => ({
  Id: `q_${i}`,
  MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: "Invocations" }, Period: 3600, Stat: "Sum" },
});
const range = { startTime: new Date("2024-05-01T10:00:00Z"), endTime: new Date("2024-05-01T11:00:00Z") };

describe("cloudwatch wrapper", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
  });
  afterEach(() => cw.restore());

  it("describeAlarms asks for metric and composite alarms and follows NextToken to the end", async () => {
    const sent: Array<{ NextToken?: string; AlarmTypes?: string[] }> = [];
    cw.on(DescribeAlarmsCommand).callsFake((input: { NextToken?: string; AlarmTypes?: string[] }) => {
      sent.push({ ...input });
      if (input.NextToken === undefined)
        return {
          MetricAlarms: [{ AlarmName: "m1" }],
          CompositeAlarms: [{ AlarmName: "c1", AlarmRule: "ALARM(m1)" }],
          NextToken: "t1",
        };
      if (input.NextToken === "t1") return { MetricAlarms: [{ AlarmName: "m2" }], CompositeAlarms: [] };
      throw new Error(`unexpected token ${input.NextToken}`);
    });
    const counts: number[] = [];
    const alarms = await describeAlarms(testProvider(), "us-east-1", (n) => counts.push(n));
    // Metric alarms of every page first; progress counts both kinds.
    expect(alarms.map((a) => a.AlarmName)).toEqual(["m1", "m2", "c1"]);
    expect(counts).toEqual([2, 3]);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.AlarmTypes).toEqual(["MetricAlarm", "CompositeAlarm"]);
  });

  it("getMetricData sends at most 500 queries a call and returns one result per query, in query order", async () => {
    const batches: string[][] = [];
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => {
      batches.push(input.MetricDataQueries.map((q) => q.Id as string));
      // Answer in reverse order: the wrapper must restore the order of the queries.
      return {
        MetricDataResults: [...input.MetricDataQueries]
          .reverse()
          .map((q) => ({ Id: q.Id, Values: [1], Timestamps: [range.startTime], StatusCode: "Complete" })),
      };
    });
    const queries = Array.from({ length: 2 * MAX_QUERIES_PER_CALL + 1 }, (_, i) => query(i));
    const results = await getMetricData(testProvider(), "us-east-1", { queries, ...range });
    expect(batches.map((b) => b.length)).toEqual([500, 500, 1]);
    expect(batches.flat()).toEqual(queries.map((q) => q.Id));
    expect(results.map((r) => r.Id)).toEqual(queries.map((q) => q.Id));
  });

  it("getMetricData follows NextToken and joins one query's datapoints spread over pages", async () => {
    const tokens: Array<string | undefined> = [];
    cw.on(GetMetricDataCommand).callsFake(
      (input: { NextToken?: string; StartTime: Date; EndTime: Date; ScanBy: string }) => {
        tokens.push(input.NextToken);
        expect(input.StartTime).toEqual(range.startTime);
        expect(input.ScanBy).toBe("TimestampAscending");
        if (input.NextToken === undefined) {
          return {
            MetricDataResults: [
              { Id: "q_0", Values: [1, 2], Timestamps: [new Date(1), new Date(2)], StatusCode: "PartialData" },
            ],
            NextToken: "n1",
          };
        }
        if (input.NextToken === "n1") {
          return {
            MetricDataResults: [
              { Id: "q_0", Values: [3], Timestamps: [new Date(3)], StatusCode: "Complete" },
              { Id: "q_1", Values: [9], Timestamps: [new Date(1)], StatusCode: "Complete" },
            ],
          };
        }
        throw new Error(`unexpected token ${input.NextToken}`);
      },
    );
    const results = await getMetricData(testProvider(), "us-east-1", { queries: [query(0), query(1)], ...range });
    expect(tokens).toEqual([undefined, "n1"]);
    expect(results).toEqual([
      { Id: "q_0", Values: [1, 2, 3], Timestamps: [new Date(1), new Date(2), new Date(3)], StatusCode: "Complete" },
      { Id: "q_1", Values: [9], Timestamps: [new Date(1)], StatusCode: "Complete" },
    ]);
  });

  it("getMetricData puts a message about the call on each result it returned, so none passes for complete", async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: "q_0", Values: [4], Timestamps: [new Date(1)], StatusCode: "Complete" }],
      Messages: [{ Code: "MaxMetricsExceeded", Value: "Maximum number of allowed metrics exceeded" }],
    });
    const [result] = await getMetricData(testProvider(), "us-east-1", { queries: [query(0)], ...range });
    expect(result?.Values).toEqual([4]);
    expect(result?.Messages).toEqual([
      { Code: "MaxMetricsExceeded", Value: "Maximum number of allowed metrics exceeded" },
    ]);
  });

  it("getMetricData maps an HTTP 500 to an AWS API error of kind api", async () => {
    cw.on(GetMetricDataCommand).rejects(sdkError("InternalServiceError", 500));
    const error = await getMetricData(testProvider(), "us-east-1", { queries: [query(0)], ...range }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).kind).toBe("api");
    expect((error as AwsApiError).message).toMatch(
      /cloudwatch GetMetricData in us-east-1 failed with InternalServiceError/,
    );
  });
});
