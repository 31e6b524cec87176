/** CloudWatch rules over `cloudwatch alarms` records. */
import type { AlarmRecord, Severity } from "../records/index.js";
import { alarmArn } from "./arn.js";
import { defineRule, type ResourceRef } from "./rule.js";

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
  if (r.anomalyBand !== null) return bandSubject(r, r.anomalyBand);
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

/**
 * An anomaly-detection alarm compares its metric with a band, not a threshold: the title says
 * which metric left which band (`AWS/ApiGateway Count outside its expected band
 * ANOMALY_DETECTION_BAND(m1, 2)`).
 */
function bandSubject(r: AlarmRecord, band: string): string {
  const inBand = new Set(band.match(/\b[a-z]\w*\b/g) ?? []);
  const watched =
    r.metrics.find((m) => m.metricName !== null && inBand.has(m.id)) ??
    r.metrics.find((m) => m.id !== r.thresholdMetricId && m.returnData);
  const name = watched?.metricName
    ? `${watched.namespace ?? "?"} ${watched.metricName}`
    : (watched?.expression ?? watched?.id ?? "its metric");
  return ` (${cut(name)} outside its expected band ${cut(band)})`;
}

export function alarm(r: AlarmRecord): ResourceRef {
  return {
    resourceId: r.alarmName,
    arn: r.alarmArn ?? alarmArn(r.region, r.account, r.alarmName),
    account: r.account,
    region: r.region,
  };
}

export const alarmFiring = defineRule({
  id: "cloudwatch.alarm-firing",
  summary: "the alarm is not OK",
  resourceType: "cloudwatch:alarm",
  source: "alarms",
  check: (records) =>
    records
      .filter((r) => STATE_SEVERITY[r.stateValue] !== undefined)
      .map((r) => ({
        resource: alarm(r),
        subject: alarmSubject(r),
        evidence: {
          stateValue: r.stateValue,
          stateReason: r.stateReason,
          stateUpdatedAt: r.stateUpdatedAt,
          namespace: r.namespace,
          metricName: r.metricName,
          dimensions: r.dimensions,
        },
      })),
  severity: {
    describe: "high in ALARM, low in INSUFFICIENT_DATA",
    default: "high",
    of: (e) => STATE_SEVERITY[e.stateValue] ?? "low",
  },
  title: (e, resource, _thresholds, subject) => `Alarm ${resource.resourceId} is ${e.stateValue}${subject ?? ""}`,
});
