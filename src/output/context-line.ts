/** The context line on stderr: which account, regions, profile and caller, and where data came from. */
import type { Source } from "../cache/store.js";
import { formatAge } from "../duration.js";
import { terminalSafe } from "./terminal-text.js";
import { compareText } from "../normalize/order.js";

export interface RunContextInfo {
  account: string | null;
  regions: readonly string[];
  profile: string;
  arn: string | null;
  roleArn?: string | undefined;
}

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
      return `${resource}: ${[...byOrigin.entries()].map(([origin, regions]) => `${origin} ${regions.join(",")}`).join(", ")}`;
    })
    .join("; ");
}

export function contextLine(info: RunContextInfo, sources: readonly Source[]): string {
  const parts = [
    `account ${info.account ?? "unknown"}`,
    `${info.regions.length === 1 ? "region" : "regions"} ${info.regions.join(",") || "-"}`,
    `profile ${info.profile}`,
  ];
  if (info.roleArn) parts.push(`role ${info.roleArn}`);
  if (info.arn) parts.push(info.arn);
  const summary = summarizeSources(sources);
  return `${terminalSafe(`awstriage: ${parts.join(" | ")}${summary ? ` | ${summary}` : ""}`)}\n`;
}
