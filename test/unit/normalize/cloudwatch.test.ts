import { describe, expect, it } from "vitest";
import { normalizeAlarm, normalizeDatapoints } from "../../../src/normalize/cloudwatch.js";

describe("CloudWatch normalization", () => {
  it("normalizes a metric alarm with its metric, dimensions and ISO state time", () => {
    const record = normalizeAlarm(
      {
        AlarmName: "api-errors",
        AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-errors",
        StateValue: "ALARM",
        StateReason: "Threshold Crossed",
        StateUpdatedTimestamp: "2024-05-01T10:00:00.000Z",
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: "api" }],
      },
      "123456789012",
      "us-east-1",
    );
    expect(Object.keys(record).slice(0, 2)).toEqual(["account", "region"]);
    expect(record).toEqual({
      account: "123456789012",
      region: "us-east-1",
      alarmName: "api-errors",
      alarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-errors",
      stateValue: "ALARM",
      stateReason: "Threshold Crossed",
      stateUpdatedAt: "2024-05-01T10:00:00.000Z",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "api" },
    });
  });

  it("normalizes a composite alarm with no metric, namespace or dimensions", () => {
    const record = normalizeAlarm(
      {
        AlarmName: "service-down",
        AlarmRule: 'ALARM("api-errors")',
        StateValue: "OK",
        StateUpdatedTimestamp: "2024-05-01T09:00:00Z",
      },
      null,
      "eu-west-1",
    );
    expect(record).toMatchObject({
      alarmName: "service-down",
      stateValue: "OK",
      namespace: null,
      metricName: null,
      dimensions: {},
      stateUpdatedAt: "2024-05-01T09:00:00.000Z",
    });
  });

  it("turns a metric result into one record per datapoint, sorted by time", () => {
    const records = normalizeDatapoints(
      { Id: "m0", Timestamps: ["2024-05-01T10:05:00.000Z", "2024-05-01T10:00:00.000Z"], Values: [7, 3] },
      { stat: "Sum", namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "api" } },
      "123456789012",
      "us-east-1",
    );
    expect(records).toEqual([
      {
        account: "123456789012",
        region: "us-east-1",
        timestamp: "2024-05-01T10:00:00.000Z",
        value: 3,
        stat: "Sum",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: "api" },
      },
      {
        account: "123456789012",
        region: "us-east-1",
        timestamp: "2024-05-01T10:05:00.000Z",
        value: 7,
        stat: "Sum",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: "api" },
      },
    ]);
  });
});
