/**
 * The `changes` source of triage, per region: CloudTrail's write management events over the
 * window (from an hour before it, so a change just before an onset at its start is seen),
 * the EC2 instances' launch times and the ECS services' deployments (read once with the
 * graph's ECS source). Lambda's LastModified and the alarms' state changes come from the
 * records triage already has (changes/attach.ts). A part other than CloudTrail
 * that is denied or cannot be read is a note (changes/optional.ts): the changes are then
 * incomplete, and say so, but the run goes on. Only what is needed is cached:
 * never the event's CloudTrailEvent document, which holds request parameters (a function's
 * environment, a policy) that must not reach disk.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { Change } from "../records/index.js";
import type { Batch } from "../rules/types.js";
import type { TrailEvent } from "../aws/cloudtrail.js";
import { instancesSpec } from "../sources/ec2.js";
import { normalizeInstance } from "../normalize/ec2.js";
import { seriesPeriod } from "../onset/series.js";
import { isoOrNull } from "../time/json-dates.js";
import type { MetricsWindow } from "../sources/lambda.js";
import { ecsServicesOf } from "../sources/graph.js";
import { deploymentChanges } from "./deployments.js";
import { optionalPart } from "./optional.js";

const HOUR_MS = 3_600_000;

/** `UpdateFunctionCode20150331v2` → `UpdateFunctionCode`: Lambda's events carry their API version. */
export const eventAction = (name: string) => name.replace(/\d{8}(v\d+)?$/, "");

/** One change per resource an event names; an event that names none is about nothing we judge. */
export function trailChanges(event: TrailEvent): Change[] {
  const at = isoOrNull(event.EventTime);
  if (at === null) return [];
  return (event.Resources ?? []).flatMap((r) =>
    r.ResourceName
      ? [
          {
            at,
            resource: r.ResourceName,
            what: eventAction(event.EventName ?? "?"),
            who: event.Username ?? null,
            source: "cloudtrail",
          },
        ]
      : [],
  );
}

export function trailChangesSpec(options: MetricsWindow): FetchSpec<Change> {
  const { window } = options;
  // One hour before the earliest onset the series can give (its first period starts up to one period early).
  const startMs = window.startMs - HOUR_MS - seriesPeriod(window) * 1000;
  return {
    script: "cloudtrail",
    resource: "events",
    params: { since: options.since, until: options.until, lead: "PT1H" },
    window: { start: new Date(startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    fetch: async (provider, region, onPage) => {
      const { lookupWriteEvents } = await import("../aws/cloudtrail.js");
      const window = { startTime: new Date(startMs), endTime: new Date(options.window.endMs) };
      return (await lookupWriteEvents(provider, region, window, onPage)).flatMap(trailChanges);
    },
  };
}

/** Per region: the CloudTrail changes, the instances' launches and the ECS deployments, one batch. */
export function changeBatches(run: Invocation, options: MetricsWindow): Promise<Batch<Change>[]> {
  return run.perRegion("cloudtrail/events", async (region) => {
    const trail = await run.cachedResource(trailChangesSpec(options), region);
    const instances = await run.cachedResource(instancesSpec, region);
    const launches = instances.items.flatMap((item): Change[] => {
      const record = normalizeInstance(item, instances.account, region);
      return record.launchTime === null
        ? []
        : [{ at: record.launchTime, resource: record.instanceId, what: "instance launched", who: null, source: "ec2" }];
    });
    const ecs = { region, resource: "graph/ecs-services", leftOut: "ECS deployments" };
    const deployments = await optionalPart(run, ecs, async () =>
      (await ecsServicesOf(run, region)).items.flatMap(deploymentChanges),
    );
    return {
      observedAt: trail.source.fetchedAt,
      records: [...trail.items, ...launches, ...deployments],
      region,
      account: trail.account,
    };
  });
}
