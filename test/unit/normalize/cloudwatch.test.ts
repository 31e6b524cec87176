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
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: "notBreaching",
        ActionsEnabled: true,
        AlarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
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
      alarmType: "metric",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      actionsEnabled: true,
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:oncall"],
      alarmRule: null,
      metrics: [],
      thresholdMetricId: null,
      anomalyBand: null,
    });
    // New fields come after the original ones, so existing output keeps its prefix.
    expect(Object.keys(record).indexOf("alarmType")).toBe(10);
  });

  it("normalizes a metric-math alarm: its type, its queries, and null metric for the empty MetricName AWS returns", () => {
    // Shaped like DescribeAlarms' answer for a math alarm (Metrics, ThresholdMetricId unused, MetricName "").
    const record = normalizeAlarm(
      {
        AlarmName: "kinesis-scale-up",
        StateValue: "ALARM",
        MetricName: "",
        Threshold: 1000,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluationPeriods: 1,
        ActionsEnabled: false,
        Metrics: [
          {
            Id: "m1",
            MetricStat: {
              Metric: {
                Namespace: "AWS/Kinesis",
                MetricName: "IncomingBytes",
                Dimensions: [{ Name: "StreamName", Value: "events" }],
              },
              Period: 60,
              Stat: "Sum",
            },
            ReturnData: false,
          },
          { Id: "e1", Expression: "m1/60", Label: "bytes per second", ReturnData: true },
        ],
      },
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      alarmType: "metric-math",
      namespace: null,
      metricName: null,
      threshold: 1000,
      actionsEnabled: false,
      alarmActions: [],
      metrics: [
        {
          id: "m1",
          expression: null,
          label: null,
          namespace: "AWS/Kinesis",
          metricName: "IncomingBytes",
          dimensions: { StreamName: "events" },
          stat: "Sum",
          period: 60,
          returnData: false,
        },
        {
          id: "e1",
          expression: "m1/60",
          label: "bytes per second",
          namespace: null,
          metricName: null,
          dimensions: {},
          stat: null,
          period: null,
          returnData: true,
        },
      ],
    });
  });

  it("normalizes an anomaly-detection alarm: ThresholdMetricId and its band, no threshold", () => {
    // Shaped from DescribeAlarms' documentation of an anomaly-detection alarm: the metric and
    // an ANOMALY_DETECTION_BAND expression in Metrics, ThresholdMetricId naming the band, no Threshold.
    const record = normalizeAlarm(
      {
        AlarmName: "api-count-anomaly",
        StateValue: "ALARM",
        MetricName: "",
        ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
        EvaluationPeriods: 2,
        Metrics: [
          {
            Id: "m1",
            MetricStat: {
              Metric: {
                Namespace: "AWS/ApiGateway",
                MetricName: "Count",
                Dimensions: [{ Name: "ApiName", Value: "shop" }],
              },
              Period: 300,
              Stat: "Sum",
            },
            ReturnData: true,
            AccountId: "210987654321",
          },
          { Id: "ad1", Expression: "ANOMALY_DETECTION_BAND(m1, 2)", Label: "Count (expected)", ReturnData: true },
        ],
        ThresholdMetricId: "ad1",
      },
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      alarmType: "metric-math",
      threshold: null,
      thresholdMetricId: "ad1",
      anomalyBand: "ANOMALY_DETECTION_BAND(m1, 2)",
    });
    expect(record.metrics.map((m) => m.accountId)).toEqual(["210987654321", null]);
    // The fields are appended after the existing ones.
    expect(Object.keys(record).slice(-2)).toEqual(["thresholdMetricId", "anomalyBand"]);
  });

  it("reads DescribeAlarms' empty ThresholdMetricId as none, and a math alarm's ThresholdMetricId that is no band as no band", () => {
    const plain = normalizeAlarm(
      { AlarmName: "a", MetricName: "Errors", Threshold: 1, ThresholdMetricId: "" },
      null,
      "us-east-1",
    );
    expect(plain).toMatchObject({ thresholdMetricId: null, anomalyBand: null });
    const math = normalizeAlarm(
      { AlarmName: "b", Metrics: [{ Id: "e1", Expression: "m1 + m2", ReturnData: true }], ThresholdMetricId: "e1" },
      null,
      "us-east-1",
    );
    expect(math).toMatchObject({ thresholdMetricId: "e1", anomalyBand: null });
  });

  it("never reads a composite alarm as a metric alarm, whatever metric fields its item carries", () => {
    const record = normalizeAlarm(
      {
        AlarmName: "service-down",
        AlarmRule: 'ALARM("api-errors")',
        MetricName: "Errors",
        Namespace: "AWS/Lambda",
        Dimensions: [{ Name: "FunctionName", Value: "api" }],
        Threshold: 1,
      } as never,
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      alarmType: "composite",
      alarmRule: 'ALARM("api-errors")',
      metricName: null,
      namespace: null,
      dimensions: {},
      threshold: null,
      metrics: [],
    });
  });

  it("normalizes a composite alarm with no metric, namespace or dimensions", () => {
    const record = normalizeAlarm(
      {
        AlarmName: "service-down",
        AlarmRule: 'ALARM("api-errors")',
        StateValue: "OK",
        StateUpdatedTimestamp: "2024-05-01T09:00:00Z",
        ActionsEnabled: true,
        AlarmActions: ["arn:aws:sns:eu-west-1:123456789012:oncall"],
      },
      null,
      "eu-west-1",
    );
    expect(record).toMatchObject({
      alarmType: "composite",
      alarmRule: 'ALARM("api-errors")',
      actionsEnabled: true,
      alarmActions: ["arn:aws:sns:eu-west-1:123456789012:oncall"],
      threshold: null,
      metrics: [],
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
        partial: false,
        partialReason: null,
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
        partial: false,
        partialReason: null,
      },
    ]);
  });
});
