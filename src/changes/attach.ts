/**
 * Changes beside metric findings (pure): for each finding with a `since`, the changes to its
 * resource and to the resources it is tied to (`related`: its log group, the alarms that watch
 * it), from an hour before `since` to the end of the window, newest first, each with a line for
 * people: `UpdateFunctionCode orders-handler by deploy-bot, 2m before errors began`.
 */
import type { AlarmRecord, Change, Finding, FindingChange, LambdaFunctionRecord } from "../records/index.js";
import type { TriageData } from "../rules/types.js";
import { beforeOrAfter } from "../time/relative.js";

const HOUR_MS = 3_600_000;

/** What began, in the summary's words. */
const BREACH: Readonly<Record<string, string>> = {
  "lambda.errors": "errors",
  "lambda.throttles": "throttles",
  "lambda.duration-near-timeout": "slow invocations",
  "apigw.5xx-rate": "5XX answers",
  "apigw.4xx-rate": "4XX answers",
  "alb.target-5xx-rate": "5XX answers",
  "dynamodb.throttles": "throttles",
  "dynamodb.system-errors": "errors",
  "alb.unhealthy-hosts": "unhealthy hosts",
};

/** The changes the records already carry: functions' LastModified and alarms' state changes. */
export function recordChanges(data: Pick<TriageData, "functions" | "alarms">): Change[] {
  const functions = data.functions.flatMap((b) => b.records as readonly LambdaFunctionRecord[]);
  const alarms = data.alarms.flatMap((b) => b.records as readonly AlarmRecord[]);
  return [
    ...functions.flatMap((f): Change[] =>
      f.lastModified === null
        ? []
        : [{ at: f.lastModified, resource: f.functionName, what: "function updated", who: null, source: "lambda" }],
    ),
    ...alarms.flatMap((a): Change[] =>
      a.stateUpdatedAt === null
        ? []
        : [
            {
              at: a.stateUpdatedAt,
              resource: a.alarmName,
              what: `alarm state ${a.stateValue ?? "changed"}`,
              who: null,
              source: "cloudwatch",
            },
          ],
    ),
  ];
}

/** A change's resource names this one: its id, its ARN, or an ARN or path ending in its id. */
function names(resource: string, ids: ReadonlySet<string>): boolean {
  if (ids.has(resource)) return true;
  const last = resource.split(/[:/]/).at(-1) ?? "";
  return resource.startsWith("arn:") && ids.has(last);
}

export function summaryOf(change: Change, finding: Pick<Finding, "ruleId" | "since">): string {
  const by = change.who === null ? "" : ` by ${change.who}`;
  const when =
    finding.since == null
      ? ""
      : `, ${beforeOrAfter(change.at, finding.since)} ${BREACH[finding.ruleId] ?? "the breach"} began`;
  return `${change.what} ${change.resource}${by}${when}`;
}

/**
 * The findings with `changes` where the `changes` source was gathered (`data.changes` has a
 * batch); unchanged otherwise, so `--sources` without it leaves no trace.
 */
export function withChanges(findings: readonly Finding[], data: TriageData, endMs: number): Finding[] {
  if (data.changes.length === 0) return [...findings];
  const all = [...data.changes.flatMap((b) => b.records), ...recordChanges(data)];
  return findings.map((f) => {
    if (f.since === undefined || f.since === null) return f;
    const ids = new Set([f.resourceId, ...(f.arn === null ? [] : [f.arn]), ...f.related.map((r) => r.resourceId)]);
    const from = Date.parse(f.since) - HOUR_MS;
    const changes: FindingChange[] = all
      .filter((c) => {
        const at = Date.parse(c.at);
        return at >= from && at <= endMs && names(c.resource, ids);
      })
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .map((c) => ({ ...c, summary: summaryOf(c, f) }));
    return { ...f, changes };
  });
}
