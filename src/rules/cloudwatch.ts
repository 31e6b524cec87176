/** CloudWatch rules over `cloudwatch alarms` records. */
import type { AlarmRecord, Severity } from "../records.js";
import { alarmArn } from "./arn.js";
import type { Finding, RuleContext } from "./types.js";

/** Alarm states that are a finding, and how bad each is; OK is not. */
const STATE_SEVERITY: Readonly<Record<string, Severity>> = {
  ALARM: "high",
  INSUFFICIENT_DATA: "low",
};

/** `cloudwatch.alarm-firing`: high in ALARM, low in INSUFFICIENT_DATA. */
export function alarmFiring(records: readonly AlarmRecord[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const r of records) {
    const severity = STATE_SEVERITY[r.stateValue];
    if (severity === undefined) continue;
    findings.push({
      ruleId: "cloudwatch.alarm-firing",
      severity,
      title: `Alarm ${r.alarmName} is ${r.stateValue}${r.metricName ? ` (${r.namespace ?? "?"} ${r.metricName})` : ""}`,
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
