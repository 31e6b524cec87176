/**
 * What `triage --watch` shows: in a pipe one ndjson line per event (`{event, at, finding}`), on
 * a terminal the open findings redrawn in place after every tick, each marked when it opened or
 * changed in this tick and with the time since it last changed, then what this tick resolved.
 */
import { SEVERITIES, type Finding } from "../records/index.js";
import { severityRank } from "../rules/severity.js";
import type { WatchTickInfo } from "../triage/watch.js";
import type { WatchEvent, WatchState } from "../triage/watch-events.js";
import { formatAge } from "../time/duration.js";
import { paint, severityStyle } from "./style.js";
import { cellSafe, padToWidth, truncateToWidth } from "./terminal-text.js";

/** The ndjson lines of one tick's events (a pipe). */
export function eventLines(events: readonly WatchEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join("");
}

export interface WatchScreenOptions {
  width: number;
  color: boolean;
  now: number;
  interval: string;
}

const MARKS: Record<string, string> = { opened: "+", changed: "~" };

/** The whole screen after a tick: a header, the open findings worst first, what resolved. */
export function watchScreen(
  events: readonly WatchEvent[],
  state: WatchState,
  info: WatchTickInfo,
  options: WatchScreenOptions,
): string {
  const markOf = new Map<Finding, string>();
  for (const e of events) if (e.event !== "resolved") markOf.set(e.finding, MARKS[e.event] ?? " ");
  const open = [...state.open.values()].sort(
    (a, b) =>
      severityRank(a.finding.severity) - severityRank(b.finding.severity) ||
      Date.parse(b.since) - Date.parse(a.since) ||
      a.finding.resourceId.localeCompare(b.finding.resourceId),
  );
  const counts = SEVERITIES.map((s) => [s, open.filter((o) => o.finding.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const head =
    `triage --watch · tick ${info.tick} at ${info.at.slice(11, 19)}Z · every ${options.interval}` +
    (info.nextInMs > 0 ? ` · next in ${formatAge(info.nextInMs)}` : "") +
    (info.incomplete ? " · INCOMPLETE (see stderr)" : "");
  const lines = [
    truncateToWidth(head, options.width),
    `${open.length} open${counts.length ? `: ${counts.join(", ")}` : ""}`,
  ];
  const width = Math.max(20, options.width);
  for (const { finding, since } of open) {
    const mark = markOf.get(finding) ?? " ";
    const severity = padToWidth(finding.severity, 8);
    const age = padToWidth(formatAge(options.now - Date.parse(since)), 6);
    const prefix = `${mark} ${options.color ? paint(severity, severityStyle(finding.severity)) : severity} ${age} `;
    const text = cellSafe(`${finding.resourceId}: ${finding.title} [${finding.ruleId}]`);
    lines.push(prefix + truncateToWidth(text, width - 18));
  }
  const resolved = events.filter((e) => e.event === "resolved");
  if (resolved.length > 0) {
    lines.push(`resolved this tick (${resolved.length}):`);
    for (const e of resolved) {
      lines.push(`✓ ${truncateToWidth(cellSafe(`${e.finding.resourceId}: ${e.finding.title}`), width - 2)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Moves to the top-left and clears the screen, so each tick replaces the last one. */
export const REDRAW = "\u001b[H\u001b[2J";
