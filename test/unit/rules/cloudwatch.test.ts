import { describe, expect, it } from "vitest";
import { alarmFiring } from "../../../src/rules/cloudwatch.js";
import { ACCOUNT, alarm, check, ctx, OBSERVED_AT, REGION } from "../../helpers/records.js";

describe("cloudwatch.alarm-firing", () => {
  it("reports an alarm in ALARM as high, with its reason as evidence", () => {
    const record = alarm({ stateValue: "ALARM" });
    expect(check(alarmFiring, [record], ctx())).toEqual([
      {
        ruleId: "cloudwatch.alarm-firing",
        severity: "high",
        title: "Alarm api-5xx is ALARM (AWS/ApiGateway 5XXError)",
        resourceType: "cloudwatch:alarm",
        resourceId: "api-5xx",
        arn: record.alarmArn,
        account: ACCOUNT,
        region: REGION,
        evidence: {
          stateValue: "ALARM",
          stateReason: record.stateReason,
          stateUpdatedAt: record.stateUpdatedAt,
          namespace: "AWS/ApiGateway",
          metricName: "5XXError",
          dimensions: { ApiName: "shop" },
        },
        observedAt: OBSERVED_AT,
        related: [],
      },
    ]);
  });

  it("reports INSUFFICIENT_DATA as low and OK not at all", () => {
    const findings = check(
      alarmFiring,
      [alarm({ alarmName: "a", stateValue: "INSUFFICIENT_DATA" }), alarm({ alarmName: "b", stateValue: "OK" })],
      ctx(),
    );
    expect(findings.map((f) => [f.resourceId, f.severity])).toEqual([["a", "low"]]);
  });

  it("builds the alarm ARN when the record has none (composite alarms, old caches)", () => {
    const [finding] = check(
      alarmFiring,
      [alarm({ alarmArn: null, stateValue: "ALARM", metricName: null, namespace: null })],
      ctx(),
    );
    expect(finding?.arn).toBe(`arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:api-5xx`);
    expect(finding?.title).toBe("Alarm api-5xx is ALARM");
  });

  it("says what a metric-math alarm computes: the expression, its threshold, and the metrics it reads", () => {
    const record = alarm({
      alarmName: "kinesis-scale-up",
      stateValue: "ALARM",
      alarmType: "metric-math",
      namespace: null,
      metricName: null,
      dimensions: {},
      threshold: 1000,
      comparisonOperator: "GreaterThanThreshold",
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
          accountId: null,
        },
        {
          id: "e1",
          expression: "m1/60",
          label: null,
          namespace: null,
          metricName: null,
          dimensions: {},
          stat: null,
          period: null,
          returnData: true,
          accountId: null,
        },
      ],
    });
    expect(check(alarmFiring, [record], ctx())[0]?.title).toBe(
      "Alarm kinesis-scale-up is ALARM (metric math: m1/60 > 1000; m1 = AWS/Kinesis IncomingBytes Sum)",
    );
  });

  it("says an anomaly-detection alarm's metric is outside its expected band, naming the band", () => {
    const record = alarm({
      alarmName: "api-count-anomaly",
      stateValue: "ALARM",
      alarmType: "metric-math",
      namespace: null,
      metricName: null,
      dimensions: {},
      threshold: null,
      comparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold",
      thresholdMetricId: "ad1",
      anomalyBand: "ANOMALY_DETECTION_BAND(m1, 2)",
      metrics: [
        {
          id: "m1",
          expression: null,
          label: null,
          namespace: "AWS/ApiGateway",
          metricName: "Count",
          dimensions: { ApiName: "shop" },
          stat: "Sum",
          period: 300,
          returnData: true,
          accountId: null,
        },
        {
          id: "ad1",
          expression: "ANOMALY_DETECTION_BAND(m1, 2)",
          label: null,
          namespace: null,
          metricName: null,
          dimensions: {},
          stat: null,
          period: null,
          returnData: true,
          accountId: null,
        },
      ],
    });
    expect(check(alarmFiring, [record], ctx())[0]?.title).toBe(
      "Alarm api-count-anomaly is ALARM (AWS/ApiGateway Count outside its expected band ANOMALY_DETECTION_BAND(m1, 2))",
    );
  });

  it("names a composite alarm's rule in its title", () => {
    const record = alarm({
      alarmName: "service-down",
      stateValue: "ALARM",
      alarmType: "composite",
      namespace: null,
      metricName: null,
      alarmRule: 'ALARM("api-5xx") OR ALARM("db-cpu")',
    });
    expect(check(alarmFiring, [record], ctx())[0]?.title).toBe(
      'Alarm service-down is ALARM (composite: ALARM("api-5xx") OR ALARM("db-cpu"))',
    );
  });
});
