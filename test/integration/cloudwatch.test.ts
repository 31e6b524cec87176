/**
 * `cloudwatch alarms` and `cloudwatch metrics` end to end against moto_server, through the
 * counting suite.proxy. The CloudWatch client speaks awsJson1.0 (X-Amz-Target), which moto answers.
 */
import { describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { cachedEnvelope, motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { createAlarm, putMetricData } from "../helpers/seed-services.js";

const moto = await startMoto();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.skipIf(moto === undefined)("cloudwatch commands against moto_server", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    const errors = { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "api" } };
    await createAlarm(endpoint, "us-east-1", "api-errors", "ALARM", errors);
    await createAlarm(endpoint, "us-east-1", "db-cpu", "OK", {
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: "main" },
    });
    await createAlarm(endpoint, "us-east-1", "queue-age", "INSUFFICIENT_DATA", {
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: {},
    });
    await putMetricData(endpoint, "us-east-1", "Custom/App", [
      { metricName: "Latency", dimensions: { Service: "api" }, value: 30, minutesAgo: 10 },
      { metricName: "Latency", dimensions: { Service: "api" }, value: 10, minutesAgo: 30 },
      { metricName: "Latency", dimensions: { Service: "api" }, value: 20, minutesAgo: 20 },
      { metricName: "Latency", dimensions: { Service: "web" }, value: 999, minutesAgo: 20 },
    ]);
  });

  it("lists every alarm with its state and metric, then serves the next run from the cache", async () => {
    const first = await runInProcess(["cloudwatch", "alarms"], suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records.map((r) => [r.alarmName, r.stateValue])).toEqual([
      ["api-errors", "ALARM"],
      ["db-cpu", "OK"],
      ["queue-age", "INSUFFICIENT_DATA"],
    ]);
    expect(records[0]).toEqual({
      account: TEST_ACCOUNT,
      region: "us-east-1",
      alarmName: "api-errors",
      alarmArn: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:api-errors`,
      stateValue: "ALARM",
      stateReason: "seeded ALARM",
      stateUpdatedAt: expect.stringMatching(ISO),
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "api" },
      alarmType: "metric",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 1,
      datapointsToAlarm: null,
      treatMissingData: null,
      actionsEnabled: true,
      alarmActions: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:oncall`],
      alarmRule: null,
      metrics: [],
      thresholdMetricId: null,
      anomalyBand: null,
    });
    expect(suite.proxy.count("DescribeAlarms")).toBe(1);

    const before = suite.proxy.count();
    const second = await runInProcess(["cloudwatch", "alarms"], suite.sandbox.env);
    expect(jsonOut(second)).toEqual(records);
    expect(suite.proxy.count()).toBe(before);
  });

  it("filters --state locally from the one cached list", async () => {
    expect((await runInProcess(["cloudwatch", "alarms"], suite.sandbox.env)).code).toBe(0);
    const calls = suite.proxy.count();
    const firing = jsonOut(await runInProcess(["cloudwatch", "alarms", "--state", "ALARM"], suite.sandbox.env));
    expect(firing.map((r) => r.alarmName)).toEqual(["api-errors"]);
    const notOk = jsonOut(
      await runInProcess(["cloudwatch", "alarms", "--state", "ALARM,INSUFFICIENT_DATA"], suite.sandbox.env),
    );
    expect(notOk.map((r) => r.alarmName)).toEqual(["api-errors", "queue-age"]);
    expect(suite.proxy.count()).toBe(calls);
  });

  it("prints one record per datapoint of the chosen dimension, sorted by time, and caches the query", async () => {
    const args = [
      "cloudwatch",
      "metrics",
      "--namespace",
      "Custom/App",
      "--metric",
      "Latency",
      "--dimension",
      "Service=api",
      "--stat",
      "Sum",
      "--period",
      "1m",
    ];
    const first = await runInProcess(args, suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records.map((r) => r.value)).toEqual([10, 20, 30]);
    expect(records[0]).toEqual({
      account: TEST_ACCOUNT,
      region: "us-east-1",
      timestamp: expect.stringMatching(ISO),
      value: 10,
      stat: "Sum",
      namespace: "Custom/App",
      metricName: "Latency",
      dimensions: { Service: "api" },
      partial: false,
      partialReason: null,
    });
    const times = records.map((r) => Date.parse(r.timestamp as string));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(9 * 60_000);
    expect(suite.proxy.count("GetMetricData")).toBe(1);

    const envelope = cachedEnvelope(suite.sandbox, "cloudwatch", "metric-data");
    expect(envelope.params).toEqual({
      namespace: "Custom/App",
      metricName: "Latency",
      dimensions: [{ Name: "Service", Value: "api" }],
      stat: "Sum",
      period: 60,
      since: "1h",
    });
    expect(envelope.window.start).toMatch(ISO);

    const before = suite.proxy.count();
    const second = await runInProcess(args, suite.sandbox.env);
    expect(jsonOut(second)).toEqual(records);
    expect(suite.proxy.count()).toBe(before);
    // Another statistic is another question: its own cache entry, its own call.
    const max = jsonOut(
      await runInProcess([...args.slice(0, -4), "--stat", "Maximum", "--period", "1h"], suite.sandbox.env),
    );
    expect(max.map((r) => r.value)).toEqual([30]);
    expect(suite.proxy.count("GetMetricData")).toBe(2);
  });

  it("reports an API failure (moto cannot compute percentiles) as exit 4 in one or two lines", async () => {
    const result = await runCli(
      [
        "cloudwatch",
        "metrics",
        "--namespace",
        "Custom/App",
        "--metric",
        "Latency",
        "--stat",
        "p99",
        "--max-attempts",
        "1",
      ],
      suite.sandbox.env,
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/AWS error: cloudwatch GetMetricData in us-east-1 failed/);
    expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
  });

  it("prints tables with the documented columns", async () => {
    const table = await runInProcess(["cloudwatch", "alarms", "-o", "table"], suite.sandbox.env);
    expect(table.stdout.split("\n")[0]).toMatch(
      // One region in play: no region column (not a terminal: nothing left out for width).
      /^alarmName\s+stateValue\s+stateUpdatedAt\s+namespace\s+metricName\s+dimensions\s+stateReason$/,
    );
    expect(table.stdout).toMatch(/api-errors\s+ALARM/);
  });
});
