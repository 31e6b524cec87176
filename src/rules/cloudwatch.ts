/** CloudWatch rules over `cloudwatch alarms` records. */
import type { AlarmRecord, Severity } from "../records.js";
import { alarmArn } from "./arn.js";
import type { Finding, RuleContext } from "./types.js";

/** Alarm states that are a finding, and how bad each is; OK is not. */
const STATE_SEVERITY: Readonly<Record<string, Severity>> = {
  ALARM: "high",
  INSUFFICIENT_DATA: "low",
};

const OPERATORS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: ">=",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
};

/** Long expressions and rules are cut, so a title stays one readable line. */
const cut = (text: string, max = 100): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * What the alarm watches, for the title: the metric; for a metric-math alarm the expression it
 * compares with the threshold and the metrics that expression reads; for a composite its rule.
 */
export function alarmSubject(r: AlarmRecord): string {
  if (r.alarmType === "composite") return r.alarmRule ? ` (composite: ${cut(r.alarmRule)})` : " (composite)";
  if (r.alarmType === "metric-math") {
    const value = r.metrics.find((m) => m.returnData) ?? r.metrics[0];
    const computed = value?.expression ?? (value?.metricName ? `${value.namespace ?? "?"} ${value.metricName}` : "?");
    const operator = r.comparisonOperator === null ? undefined : OPERATORS[r.comparisonOperator];
    const comparison = operator !== undefined && r.threshold !== null ? ` ${operator} ${r.threshold}` : "";
    const inputs = r.metrics
      .filter((m) => m !== value && m.metricName !== null)
      .map((m) => `${m.id} = ${m.namespace ?? "?"} ${m.metricName}${m.stat ? ` ${m.stat}` : ""}`);
    return ` (metric math: ${cut(computed)}${comparison}${inputs.length > 0 ? `; ${cut(inputs.join(", "))}` : ""})`;
  }
  return r.metricName ? ` (${r.namespace ?? "?"} ${r.metricName})` : "";
}

/** `cloudwatch.alarm-firing`: high in ALARM, low in INSUFFICIENT_DATA. */
export function alarmFiring(records: readonly AlarmRecord[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    const severity = STATE_SEVERITY[r.stateValue];
    if (severity === undefined) continue;
    findings.push({
      ruleId: "cloudwatch.alarm-firing",
      severity,
      title: `Alarm ${r.alarmName} is ${r.stateValue}${alarmSubject(r)}`,
      resourceType: "cloudwatch:alarm",
      resourceId: r.alarmName,
      arn: r.alarmArn ?? alarmArn(r.region, r.account, r.alarmName),
      account: r.account,
      region: r.region,
      evidence: {
        stateValue: r.stateValue,
        stateReason: r.stateReason,
        stateUpdatedAt: r.stateUpdatedAt,
        namespace: r.namespace,
        metricName: r.metricName,
        dimensions: r.dimensions,
      },
      observedAt: ctx.observedAt,
    });
  }
  return findings;
}
