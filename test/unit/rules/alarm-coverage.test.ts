import { describe, expect, it } from "vitest";
import { alarmActionsDisabled, alarmOrphaned, unmonitored } from "../../../src/rules/alarm-coverage.js";
import type { AlarmMetricQuery, AlarmRecord } from "../../../src/records/index.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";
import {
  ACCOUNT,
  alarm,
  check,
  ctx,
  instanceStatus,
  lambdaFunction,
  lambdaMetrics,
  OBSERVED_AT,
  REGION,
} from "../../helpers/records.js";

const lambdaAlarm = (name: string, metricName: string, fn: string, over: Partial<AlarmRecord> = {}) =>
  alarm({ alarmName: name, namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: fn }, ...over });

function withAlarms(alarms: AlarmRecord[], region = REGION): TriageData {
  const data = emptyTriageData();
  data.alarms = [{ observedAt: OBSERVED_AT, records: alarms, region, account: ACCOUNT }];
  return data;
}

const mathInput = (id: string, metricName: string, fn: string): AlarmMetricQuery => ({
  id,
  expression: null,
  label: null,
  namespace: "AWS/Lambda",
  metricName,
  dimensions: { FunctionName: fn },
  stat: "Sum",
  period: 60,
  returnData: false,
  accountId: null,
});

describe("lambda.unmonitored", () => {
  const failing = lambdaMetrics({ functionName: "pay", errors: 3, throttles: 0 });

  it("reports a function with errors and no alarm on its Errors or Throttles, as medium", () => {
    const data = withAlarms([lambdaAlarm("pay-duration", "Duration", "pay"), lambdaAlarm("other", "Errors", "other")]);
    const [finding, ...rest] = check(unmonitored, [failing], ctx(), undefined, data);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: "lambda.unmonitored",
      severity: "medium",
      resourceId: "pay",
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pay`,
      evidence: { errors: 3, throttles: 0, invocations: 1000 },
      title: "Function pay: 3 errors and no alarm on its Errors or Throttles",
    });
  });

  it("reports throttles alone too, and nothing for a function with neither", () => {
    const data = withAlarms([]);
    const records = [lambdaMetrics({ functionName: "t", throttles: 1 }), lambdaMetrics({ functionName: "calm" })];
    expect(check(unmonitored, records, ctx(), undefined, data).map((f) => f.title)).toEqual([
      "Function t: 1 throttle and no alarm on its Errors or Throttles",
    ]);
  });

  it("counts an alarm on Errors, on Throttles, or a math alarm reading either", () => {
    for (const watching of [
      lambdaAlarm("e", "Errors", "pay"),
      lambdaAlarm("t", "Throttles", "pay"),
      alarm({
        alarmName: "m",
        alarmType: "metric-math",
        namespace: null,
        metricName: null,
        dimensions: {},
        metrics: [mathInput("e1", "Errors", "pay")],
      }),
    ])
      expect(check(unmonitored, [failing], ctx(), undefined, withAlarms([watching])), watching.alarmName).toEqual([]);
  });

  it("does not count an alarm of another region, and judges nothing where alarms were not gathered", () => {
    const elsewhere = withAlarms([lambdaAlarm("e", "Errors", "pay", { region: "us-east-1" })], "us-east-1");
    expect(check(unmonitored, [failing], ctx(), undefined, elsewhere)).toEqual([]);
    const both = withAlarms([lambdaAlarm("e", "Errors", "pay", { region: "us-east-1" })], "us-east-1");
    both.alarms.push({ observedAt: OBSERVED_AT, records: [], region: REGION, account: ACCOUNT });
    expect(check(unmonitored, [failing], ctx(), undefined, both)).toHaveLength(1);
  });
});

describe("cloudwatch.alarm-orphaned", () => {
  function inventory(): TriageData {
    const data = emptyTriageData();
    data.functions = [
      {
        observedAt: OBSERVED_AT,
        records: [lambdaFunction({ functionName: "live" })],
        region: REGION,
        account: ACCOUNT,
      },
    ];
    data.instanceStatuses = [
      {
        observedAt: OBSERVED_AT,
        records: [
          instanceStatus({ instanceId: "i-stopped", state: "stopped" }),
          instanceStatus({ instanceId: "i-dead", state: "terminated" }),
        ],
        region: REGION,
        account: ACCOUNT,
      },
    ];
    return data;
  }

  it("reports an alarm on a function that does not exist, as medium, naming it", () => {
    const record = lambdaAlarm("gone-errors", "Errors", "gone", { stateValue: "INSUFFICIENT_DATA" });
    const [finding] = check(alarmOrphaned, [record], ctx(), undefined, inventory());
    expect(finding).toMatchObject({
      severity: "medium",
      resourceId: "gone-errors",
      title: "Alarm gone-errors watches function gone, which does not exist",
      evidence: { missing: [{ resourceType: "lambda:function", resourceId: "gone" }], stateValue: "INSUFFICIENT_DATA" },
    });
  });

  it("counts a stopped instance as existing and a terminated or unknown one as gone", () => {
    const onInstance = (name: string, id: string) =>
      alarm({ alarmName: name, namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: { InstanceId: id } });
    const findings = check(
      alarmOrphaned,
      [
        onInstance("stopped", "i-stopped"),
        onInstance("dead", "i-dead"),
        onInstance("never", "i-never"),
        lambdaAlarm("ok", "Errors", "live"),
      ],
      ctx(),
      undefined,
      inventory(),
    );
    expect(findings.map((f) => f.resourceId)).toEqual(["dead", "never"]);
  });

  it("finds the missing function among a math alarm's metrics", () => {
    const math = alarm({
      alarmName: "ratio",
      alarmType: "metric-math",
      namespace: null,
      metricName: null,
      dimensions: {},
      metrics: [mathInput("a", "Errors", "live"), mathInput("b", "Invocations", "gone")],
    });
    expect(check(alarmOrphaned, [math], ctx(), undefined, inventory())[0]?.evidence.missing).toEqual([
      { resourceType: "lambda:function", resourceId: "gone" },
    ]);
  });

  it("judges nothing in a region whose inventory was not gathered", () => {
    const record = lambdaAlarm("x", "Errors", "gone", { region: "us-east-1" });
    expect(check(alarmOrphaned, [record], ctx(), undefined, inventory())).toEqual([]);
  });
});

describe("cloudwatch.alarm-actions-disabled", () => {
  it("is high for an alarm in ALARM with actions disabled, and low otherwise", () => {
    const findings = check(
      alarmActionsDisabled,
      [
        alarm({ alarmName: "firing", stateValue: "ALARM", actionsEnabled: false }),
        alarm({ alarmName: "quiet", stateValue: "OK", alarmActions: [] }),
        alarm({ alarmName: "fine", stateValue: "ALARM" }),
        alarm({ alarmName: "unknown", stateValue: "INSUFFICIENT_DATA", actionsEnabled: null }),
      ],
      ctx(),
    );
    expect(findings.map((f) => `${f.severity} ${f.resourceId} ${f.title}`)).toEqual([
      "high firing Alarm firing is ALARM and notifies nobody: actions disabled",
      "low quiet Alarm quiet notifies nobody: no alarm actions",
    ]);
    expect(findings[0]?.evidence).toEqual({
      stateValue: "ALARM",
      actionsEnabled: false,
      alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:oncall`],
    });
  });

  it("exempts an alarm a composite alarm reads, by name or by ARN", () => {
    const child = alarm({ alarmName: "child", alarmActions: [] });
    const byArn = alarm({ alarmName: "child2", alarmActions: [] });
    const composite = alarm({
      alarmName: "parent",
      alarmType: "composite",
      alarmRule: `ALARM("child") OR ALARM(arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:child2)`,
    });
    const records = [child, byArn, composite];
    expect(check(alarmActionsDisabled, records, ctx(), undefined, withAlarms(records))).toEqual([]);
  });
});
