/**
 * One resource's timeline from what triage gathers (pure): its metric findings' onsets and
 * peaks, a failing status check's onset (ImpairedSince), the transitions of the alarms that
 * watch it (DescribeAlarmHistory, else each alarm's last), its changes, and the first and
 * latest error lines of its log group, in time order.
 */
import type { AlarmRecord, AlarmTransition, Change, Finding, LogEventRecord, TimelineEvent } from "../records/index.js";

/** The ids a resource argument may be known by: as given, and the last part of an ARN. */
export function idsOf(resource: string): Set<string> {
  const ids = new Set([resource]);
  if (resource.startsWith("arn:")) ids.add(resource.split(/[:/]/).at(-1) ?? resource);
  return ids;
}

/** True when `name` (an id or an ARN) names the resource. */
export function namesResource(name: string | null, ids: ReadonlySet<string>): boolean {
  if (name === null) return false;
  return ids.has(name) || (name.startsWith("arn:") && ids.has(name.split(/[:/]/).at(-1) ?? ""));
}

export function findingEvents(findings: readonly Finding[], ids: ReadonlySet<string>): TimelineEvent[] {
  return findings
    .filter((f) => namesResource(f.resourceId, ids) || namesResource(f.arn, ids))
    .flatMap((f) => {
      const evidence = { ruleId: f.ruleId, severity: f.severity, trend: f.trend ?? null };
      const events: TimelineEvent[] = [];
      // A failing status check has no series, but EC2 says since when it has failed.
      const since = f.since ?? (typeof f.evidence.impairedSince === "string" ? f.evidence.impairedSince : null);
      if (since != null)
        events.push({
          at: since,
          kind: "onset",
          resource: f.resourceId,
          summary: `${f.trend ?? ""}: ${f.title}`.replace(/^: /, ""),
          evidence,
        });
      const peak = f.series?.find((p) => p.at === f.peakAt);
      if (f.peakAt != null)
        events.push({
          at: f.peakAt,
          kind: "peak",
          resource: f.resourceId,
          summary: `${f.ruleId} at its worst (${peak?.value ?? "?"})`,
          evidence: { ...evidence, value: peak?.value ?? null },
        });
      return events;
    });
}

/** A transition from the alarm history, with the region it was read in. */
export type RegionTransition = AlarmTransition & { region: string };

/**
 * The transitions of the alarms whose dimensions name the resource, from the alarm history;
 * an alarm the history says nothing about (not read, or quiet in the window) at its last one.
 */
export function alarmEvents(
  alarms: readonly AlarmRecord[],
  ids: ReadonlySet<string>,
  transitions: readonly RegionTransition[] = [],
): TimelineEvent[] {
  const key = (region: string, name: string) => `${region}\n${name}`;
  const watching = alarms.filter((a) => Object.values(a.dimensions).some((v) => ids.has(v)));
  const names = new Set(watching.map((a) => key(a.region, a.alarmName)));
  const history = transitions.filter((t) => names.has(key(t.region, t.alarmName)));
  const told = new Set(history.map((t) => key(t.region, t.alarmName)));
  return [
    ...history.map((t) => ({
      at: t.at,
      kind: "alarm",
      resource: t.alarmName,
      summary: `alarm ${t.alarmName} ${t.from ?? "?"} → ${t.to ?? "?"}${t.reason ? `: ${t.reason}` : ""}`,
      evidence: { alarmName: t.alarmName, from: t.from, stateValue: t.to, stateReason: t.reason },
    })),
    ...watching
      .filter((a) => a.stateUpdatedAt !== null && !told.has(key(a.region, a.alarmName)))
      .map((a) => ({
        at: a.stateUpdatedAt as string,
        kind: "alarm",
        resource: a.alarmName,
        summary: `alarm ${a.alarmName} → ${a.stateValue}${a.stateReason ? `: ${a.stateReason}` : ""}`,
        evidence: { alarmName: a.alarmName, stateValue: a.stateValue, stateReason: a.stateReason },
      })),
  ];
}

export function changeEvents(changes: readonly Change[], ids: ReadonlySet<string>): TimelineEvent[] {
  return changes
    .filter((c) => namesResource(c.resource, ids))
    .map((c) => ({
      at: c.at,
      kind: "change",
      resource: c.resource,
      summary: `${c.what} ${c.resource}${c.who === null ? "" : ` by ${c.who}`}`,
      evidence: { ...c },
    }));
}

/** The first and the latest error line (the same line once, when there is only one). */
export function logEvents(first: LogEventRecord | undefined, latest: LogEventRecord | undefined): TimelineEvent[] {
  const event = (kind: string, e: LogEventRecord): TimelineEvent => ({
    at: e.timestamp,
    kind,
    resource: e.logGroupName,
    summary: e.message.trim(),
    evidence: { logGroupName: e.logGroupName, logStreamName: e.logStreamName, eventId: e.eventId },
  });
  if (first === undefined) return [];
  const same = latest === undefined || (latest.eventId !== null && latest.eventId === first.eventId);
  return same ? [event("first-error", first)] : [event("first-error", first), event("latest-error", latest)];
}

const KIND_ORDER = ["change", "onset", "first-error", "peak", "alarm", "latest-error"];

/** In time order; at the same moment, a cause before its effects. */
export function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}

/** The table's columns (json and ndjson carry `evidence` too). */
export const TIMELINE_COLUMNS = ["at", "kind", "resource", "summary"] as const;
