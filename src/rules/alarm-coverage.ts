/**
 * Rules about what the alarms cover: a function failing with no alarm on its failures, an
 * alarm watching a resource that is gone, an alarm that pages nobody. Each judges absence
 * only in an account and region whose records were gathered, so a source that failed there
 * never reads as "nothing exists".
 */
import type { AlarmRecord, Severity } from "../records/index.js";
import { alarm } from "./cloudwatch.js";
import { functionArn } from "./arn.js";
import { watchedBy } from "./related.js";
import { defineRule, plural, type Match } from "./rule.js";
import { coveredPlaces, placeKey, type TriageData } from "./types.js";

/** The Lambda metrics that show a function failing; an alarm on either of them counts. */
const FAILURE_METRICS: ReadonlySet<string> = new Set(["Errors", "Throttles"]);

/** Every metric an alarm reads: its own, or each metric of a metric-math alarm. */
function alarmMetrics(
  a: AlarmRecord,
): Array<{ namespace: string | null; metricName: string | null; dimensions: Record<string, string> }> {
  return [{ namespace: a.namespace, metricName: a.metricName, dimensions: a.dimensions }, ...a.metrics];
}

/** `account|region|function` → the alarms on its Errors or Throttles metric. */
function failureAlarms(data: TriageData): Map<string, string[]> {
  const byFunction = new Map<string, string[]>();
  for (const batch of data.alarms)
    for (const a of batch.records)
      for (const m of alarmMetrics(a)) {
        const fn = m.dimensions.FunctionName;
        if (m.namespace !== "AWS/Lambda" || !FAILURE_METRICS.has(m.metricName ?? "") || fn === undefined) continue;
        const key = JSON.stringify([a.account, a.region, fn]);
        byFunction.set(key, [...new Set([...(byFunction.get(key) ?? []), a.alarmName])]);
      }
  return byFunction;
}

export const unmonitored = defineRule({
  id: "lambda.unmonitored",
  summary: "the function had errors or throttles in the window and no alarm watches its Errors or Throttles metric",
  resourceType: "lambda:function",
  source: "metrics",
  alsoReads: ["alarms"],
  check: (records, ctx) => {
    const looked = coveredPlaces(ctx.data.alarms);
    const watched = failureAlarms(ctx.data);
    return records
      .filter((r) => (r.errors > 0 || r.throttles > 0) && looked.has(placeKey(r.account, r.region)))
      .filter((r) => !watched.has(JSON.stringify([r.account, r.region, r.functionName])))
      .map((r) => ({
        resource: {
          resourceId: r.functionName,
          arn: functionArn(r.region, r.account, r.functionName),
          account: r.account,
          region: r.region,
        },
        evidence: { errors: r.errors, throttles: r.throttles, invocations: r.invocations },
      }));
  },
  severity: "medium",
  title: (e, resource) =>
    `Function ${resource.resourceId}: ${[
      e.errors > 0 ? plural(e.errors, "error") : null,
      e.throttles > 0 ? plural(e.throttles, "throttle") : null,
    ]
      .filter(Boolean)
      .join(" and ")} and no alarm on its Errors or Throttles`,
});

/** What exists where its inventory was gathered: functions, and instances (stopped ones too). */
function inventory(data: TriageData) {
  const functions = new Set<string>();
  for (const batch of data.functions)
    for (const f of batch.records) functions.add(JSON.stringify([f.account, f.region, f.functionName]));
  // The status entry is fetched with IncludeAllInstances, so a stopped instance is listed;
  // a terminated one still listed for a while is gone all the same.
  const instances = new Set<string>();
  for (const batch of data.instanceStatuses)
    for (const i of batch.records)
      if (i.state !== "terminated") instances.add(JSON.stringify([i.account, i.region, i.instanceId]));
  return {
    functions,
    instances,
    functionPlaces: coveredPlaces(data.functions),
    instancePlaces: coveredPlaces(data.instanceStatuses),
  };
}

export const alarmOrphaned = defineRule({
  id: "cloudwatch.alarm-orphaned",
  summary:
    "the alarm's dimensions name a Lambda function or EC2 instance that does not exist in its account and region",
  resourceType: "cloudwatch:alarm",
  source: "alarms",
  alsoReads: ["functions", "instanceStatuses"],
  check: (records, ctx) => {
    const known = inventory(ctx.data);
    const matches: Match<{ missing: Array<{ resourceType: string; resourceId: string }>; stateValue: string }>[] = [];
    for (const a of records) {
      const place = placeKey(a.account, a.region);
      const missing = watchedBy(a).filter((ref) => {
        const key = JSON.stringify([a.account, a.region, ref.resourceId]);
        if (ref.resourceType === "lambda:function") return known.functionPlaces.has(place) && !known.functions.has(key);
        if (ref.resourceType === "ec2:instance") return known.instancePlaces.has(place) && !known.instances.has(key);
        return false;
      });
      const unique = [...new Map(missing.map((m) => [`${m.resourceType} ${m.resourceId}`, m])).values()];
      if (unique.length > 0)
        matches.push({
          resource: alarm(a),
          evidence: {
            missing: unique.map((m) => ({ resourceType: m.resourceType, resourceId: m.resourceId })),
            stateValue: a.stateValue,
          },
        });
    }
    return matches;
  },
  severity: "medium",
  title: (e, resource) =>
    `Alarm ${resource.resourceId} watches ${e.missing
      .map((m) => `${m.resourceType === "ec2:instance" ? "instance" : "function"} ${m.resourceId}`)
      .join(", ")}, which ${e.missing.length === 1 ? "does" : "do"} not exist`,
});

/** Alarms a composite alarm's rule reads: they need no actions of their own. */
function compositeInputs(data: TriageData): Set<string> {
  const inputs = new Set<string>();
  for (const batch of data.alarms)
    for (const a of batch.records) {
      if (a.alarmRule === null) continue;
      // ALARM("name"), ALARM(name), ALARM(arn:…:alarm:name)
      for (const m of a.alarmRule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g)) {
        const ref = (m[1] ?? "").replace(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/, "");
        inputs.add(JSON.stringify([a.account, a.region, ref]));
      }
    }
  return inputs;
}

const ACTIONS_SEVERITY = (stateValue: string): Severity => (stateValue === "ALARM" ? "high" : "low");

export const alarmActionsDisabled = defineRule({
  id: "cloudwatch.alarm-actions-disabled",
  summary:
    "the alarm pages nobody: its actions are disabled or it has no alarm actions (alarms a composite alarm reads are exempt)",
  resourceType: "cloudwatch:alarm",
  source: "alarms",
  check: (records, ctx) => {
    const inputs = compositeInputs(ctx.data);
    return records
      .filter((a) => a.actionsEnabled === false || a.alarmActions.length === 0)
      .filter((a) => !inputs.has(JSON.stringify([a.account, a.region, a.alarmName])))
      .map((a) => ({
        resource: alarm(a),
        evidence: { stateValue: a.stateValue, actionsEnabled: a.actionsEnabled, alarmActions: a.alarmActions },
      }));
  },
  severity: {
    describe: "high while the alarm is in ALARM, else low",
    default: "low",
    of: (e) => ACTIONS_SEVERITY(e.stateValue),
  },
  title: (e, resource) =>
    `Alarm ${resource.resourceId}${e.stateValue === "ALARM" ? " is ALARM and" : ""} notifies nobody: ${
      e.actionsEnabled === false ? "actions disabled" : "no alarm actions"
    }`,
});
