/** The context line on stderr: which account, regions, profile and caller, and where data came from. */
import type { Source } from "../cache/store.js";
import { formatAge } from "../time/duration.js";
import { displayWidth, terminalSafe, truncateToWidth } from "./terminal-text.js";
import { compareText } from "../normalize/order.js";

export interface RunContextInfo {
  account: string | null;
  regions: readonly string[];
  profile: string;
  /** `environment`: exported keys, shown as `credentials: environment` in place of the profile. */
  credentials?: "profile" | "environment" | undefined;
  arn: string | null;
  roleArn?: string | undefined;
  /** Named beside the count when the regions are too many to list. */
  homeRegion?: string | undefined;
  /**
   * The config file a judging command applies (`triage`): its path, or null for none. Named so
   * a forgotten `.awstriage.json` in a parent folder cannot silently change the findings.
   */
  configPath?: string | null | undefined;
}

/** Past this many regions the line gives a count (the full list is at --log-level debug and in --out). */
export const LISTED_REGIONS = 3;

function describeSource(source: Source): string {
  if (!source.fromCache) return "fetched";
  const age = `cache ${formatAge(source.ageSeconds * 1000)} old`;
  // A closed absolute window's data cannot change: why an entry past --ttl was still used.
  return source.immutable ? `${age} (immutable: its window had closed when fetched)` : age;
}

/**
 * Groups sources by resource, and its regions by where their data came from, so a run over
 * many regions stays readable and still names each one:
 * `ec2/instances: fetched eu-west-1,us-east-1, cache 42s old ap-southeast-2`.
 */
export function summarizeSources(sources: readonly Source[]): string {
  const byResource = new Map<string, Source[]>();
  for (const source of sources) {
    if (source.script === "sts") continue;
    const key = `${source.script}/${source.resource}`;
    byResource.set(key, [...(byResource.get(key) ?? []), source]);
  }
  return [...byResource.entries()]
    .map(([resource, list]) => {
      if (list.length === 1) return `${resource}: ${describeSource(list[0] as Source)}`;
      const byOrigin = new Map<string, string[]>();
      for (const s of [...list].sort((a, b) => compareText(a.region, b.region))) {
        const origin = describeSource(s);
        byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), s.region]);
      }
      // The regions are already named once on the line; one origin for all needs no second list.
      if (byOrigin.size === 1) return `${resource}: ${describeSource(list[0] as Source)} (${list.length} regions)`;
      const regionsOf = (regions: string[]) =>
        list.length > LISTED_REGIONS
          ? `(${regions.length} region${regions.length === 1 ? "" : "s"})`
          : regions.join(",");
      return `${resource}: ${[...byOrigin.entries()].map(([origin, regions]) => `${origin} ${regionsOf(regions)}`).join(", ")}`;
    })
    .join("; ");
}

function describeRegions(regions: readonly string[], home: string | undefined): string {
  if (regions.length === 1) return `region ${regions[0]}`;
  if (regions.length <= LISTED_REGIONS) return `regions ${regions.join(",") || "-"}`;
  return `${regions.length} regions${home !== undefined && regions.includes(home) ? ` (home ${home})` : ""}`;
}

/**
 * `awstriage: account … | region(s) … | profile … | role | arn | where the data came from`, one
 * line. On a terminal (`width`) it never wraps: the caller's ARN (the least needed: account and
 * profile are there) is left out first, then the parts that do not fit, whole.
 */
export function contextLine(info: RunContextInfo, sources: readonly Source[], width?: number): string {
  const parts = [
    `account ${info.account ?? "unknown"}`,
    describeRegions(info.regions, info.homeRegion),
    info.credentials === "environment" ? "credentials: environment" : `profile ${info.profile}`,
  ];
  if (info.roleArn) parts.push(`role ${info.roleArn}`);
  if (info.configPath !== undefined) parts.push(`config ${info.configPath ?? "none"}`);
  const summary = summarizeSources(sources);
  const render = (withArn: boolean) =>
    terminalSafe(
      `awstriage: ${[...parts, ...(withArn && info.arn ? [info.arn] : [])].join(" | ")}${summary ? ` | ${summary}` : ""}`,
    );
  const full = render(true);
  if (width === undefined || width <= 1 || displayWidth(full) < width) return `${full}\n`;
  return `${wholeParts(render(false), width - 1)}\n`;
}

/**
 * `line` within `max` columns, cut only between its parts (` | `) and sources (`; `), never
 * inside a word ("config non…" read as a config named so), ending in ` …` when cut.
 */
function wholeParts(line: string, max: number): string {
  if (displayWidth(line) <= max) return line;
  const [account = "", regions = "", ...rest] = line.split(/(?= \| |; )/);
  // The account and the regions come first and are always said, cut if they must be.
  if (displayWidth(account + regions) + 2 > max) return truncateToWidth(line, max);
  let kept = account + regions;
  for (const part of rest) {
    if (displayWidth(kept + part) + 2 > max) break;
    kept += part;
  }
  return `${kept} …`;
}
