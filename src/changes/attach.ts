/**
 * Changes beside findings (pure): each metric finding (it has a `since`) and each finding of
 * an incident lists the changes to its resources (its own, those `related` names: its log
 * group, the alarms that watch it) and to the resources connected to them in the resource
 * graph (what they depend on, all the way down, and what depends on them directly: the
 * function behind an API, the ECS service behind a target group, the queue feeding a
 * function), from an hour before its onset (its `since`, else its incident's earliest, else
 * the window's start) to the end of the window, newest first, each with a line for people:
 * `UpdateFunctionCode orders-handler by deploy-bot, 2m before 5XX answers began`.
 */
import type { AlarmRecord, Change, Finding, FindingChange, IncidentSummary } from "../records/index.js";
import type { LambdaFunctionRecord } from "../records/index.js";
import type { TriageData } from "../rules/types.js";
import { buildGraph, nodeKey, reach, type ResourceGraph } from "../incidents/graph.js";
import { beforeOrAfter } from "../time/relative.js";

const HOUR_MS = 3_600_000;
const INCIDENT = "the incident";

/** What began, in the summary's words. */
const BREACH: Readonly<Record<string, string>> = {
  "lambda.errors": "errors",
  "lambda.throttles": "throttles",
  "lambda.duration-near-timeout": "slow invocations",
  "apigw.5xx-rate": "5XX answers",
  "apigw.4xx-rate": "4XX answers",
  "alb.target-5xx-rate": "5XX answers",
  "alb.elb-5xx-rate": "5XX answers",
  "dynamodb.throttles": "throttles",
  "dynamodb.system-errors": "errors",
  "alb.unhealthy-hosts": "unhealthy hosts",
};

/** A change with where it was seen (a batch's or a record's region and account; unknown: anywhere). */
interface Placed {
  change: Change;
  region?: string | undefined;
  account?: string | null | undefined;
}

function placedRecordChanges(data: Pick<TriageData, "functions" | "alarms">): Placed[] {
  const functions = data.functions.flatMap((b) => b.records as readonly LambdaFunctionRecord[]);
  const alarms = data.alarms.flatMap((b) => b.records as readonly AlarmRecord[]);
  return [
    ...functions.flatMap((f): Placed[] =>
      f.lastModified === null
        ? []
        : [
            {
              change: {
                at: f.lastModified,
                resource: f.functionName,
                what: "function updated",
                who: null,
                source: "lambda",
              },
              region: f.region,
              account: f.account,
            },
          ],
    ),
    ...alarms.flatMap((a): Placed[] =>
      a.stateUpdatedAt === null
        ? []
        : [
            {
              change: {
                at: a.stateUpdatedAt,
                resource: a.alarmName,
                what: `alarm state ${a.stateValue ?? "changed"}`,
                who: null,
                source: "cloudwatch",
              },
              region: a.region,
              account: a.account,
            },
          ],
    ),
  ];
}

/** The changes the records already carry: functions' LastModified and alarms' state changes. */
export const recordChanges = (data: Pick<TriageData, "functions" | "alarms">): Change[] =>
  placedRecordChanges(data).map((p) => p.change);

/** A change's resource names one of these: an id, an ARN, or an ARN or path ending in an id. */
function names(resource: string, ids: ReadonlySet<string>): boolean {
  if (ids.has(resource)) return true;
  const last = resource.split(/[:/]/).at(-1) ?? "";
  return resource.startsWith("arn:") && ids.has(last);
}

/** `what` began: the finding's breach in words (`errors`), or `the incident` for an incident's onset. */
export function summaryOf(change: Change, finding: Pick<Finding, "ruleId" | "since">, what?: string): string {
  const by = change.who === null ? "" : ` by ${change.who}`;
  const began = what ?? BREACH[finding.ruleId] ?? "the breach";
  const when = finding.since == null ? "" : `, ${beforeOrAfter(change.at, finding.since)} ${began} began`;
  return `${change.what} ${change.resource}${by}${when}`;
}

/** The names (ids and ARNs) of a finding's resources and of those connected to them in the graph. */
export function connectedNames(f: Finding, graph: ResourceGraph): Set<string> {
  const own = [f, ...f.related.map((r) => ({ ...r, account: f.account, region: f.region }))];
  const ids = new Set(own.flatMap((r) => (r.arn === null ? [r.resourceId] : [r.resourceId, r.arn])));
  for (const start of own.map(nodeKey).filter((k) => graph.nodes.has(k))) {
    const keys = [...reach(start, graph.out, () => true), ...(graph.in.get(start) ?? [])];
    for (const node of keys.flatMap((k) => graph.nodes.get(k) ?? [])) {
      ids.add(node.resourceId);
      if (node.arn !== null) ids.add(node.arn);
    }
  }
  return ids;
}

/** Each incident's onset: the earliest `since` of its findings. */
function incidentOnsets(findings: readonly Finding[]): Map<string, string> {
  const onsets = new Map<string, string>();
  for (const f of findings) {
    if (f.incident == null || f.since == null) continue;
    const seen = onsets.get(f.incident);
    if (seen === undefined || Date.parse(f.since) < Date.parse(seen)) onsets.set(f.incident, f.since);
  }
  return onsets;
}

/**
 * The findings with `changes` where the `changes` source was gathered (`data.changes` has a
 * batch); unchanged otherwise, so `--sources` without it leaves no trace. A hygiene finding
 * (no onset, in no incident) gets none.
 */
export function withChanges(
  findings: readonly Finding[],
  data: TriageData,
  window: { startMs: number; endMs: number },
): Finding[] {
  if (data.changes.length === 0) return [...findings];
  const gathered = data.changes.flatMap((b) =>
    b.records.map((change) => ({ change, region: b.region, account: b.account })),
  );
  // A record's change a gathered source saw too, at the same second (an alarm's last state
  // change in its history, a function's update in CloudTrail): once.
  const told = new Set(gathered.map((p) => `${p.change.resource}\n${Math.round(Date.parse(p.change.at) / 1000)}`));
  const all: Placed[] = [
    ...gathered,
    ...placedRecordChanges(data).filter(
      (p) => !told.has(`${p.change.resource}\n${Math.round(Date.parse(p.change.at) / 1000)}`),
    ),
  ];
  const graph = buildGraph(data);
  const onsets = incidentOnsets(findings);
  return findings.map((f) => {
    const onset = f.since ?? (f.incident == null ? undefined : (onsets.get(f.incident) ?? null));
    if (onset === undefined || (onset === null && f.incident == null)) return f;
    const ids = connectedNames(f, graph);
    const from = (onset === null ? window.startMs : Date.parse(onset)) - HOUR_MS;
    const here = (p: Placed) =>
      (p.region === undefined || p.region === f.region) &&
      (p.account == null || f.account === null || p.account === f.account);
    const changes: FindingChange[] = all
      .filter((p) => {
        const at = Date.parse(p.change.at);
        return at >= from && at <= window.endMs && here(p) && names(p.change.resource, ids);
      })
      .map((p) => p.change)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      // Without its own onset, a finding's changes are worded against its incident's.
      .map((c) => ({
        ...c,
        summary: summaryOf(c, { ruleId: f.ruleId, since: onset }, f.since == null ? INCIDENT : undefined),
      }));
    return { ...f, changes };
  });
}

/**
 * Each incident with the changes of its findings, once each, newest first, worded against
 * the incident's onset; the incidents unchanged when no finding carries changes.
 */
export function incidentsWithChanges(incidents: readonly IncidentSummary[], findings: readonly Finding[]) {
  if (!findings.some((f) => f.changes !== undefined)) return [...incidents];
  const onsets = incidentOnsets(findings);
  return incidents.map((incident): IncidentSummary => {
    const seen = new Map<string, Change>();
    for (const f of findings)
      for (const { summary: _, ...c } of f.incident === incident.id ? (f.changes ?? []) : [])
        seen.set(JSON.stringify([c.at, c.resource, c.what, c.source]), c);
    const since = onsets.get(incident.id) ?? null;
    const changes = [...seen.values()]
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .map((c) => ({ ...c, summary: summaryOf(c, { ruleId: "", since }, INCIDENT) }));
    return { ...incident, changes };
  });
}
