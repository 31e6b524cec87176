/**
 * The `changes` source of triage, per region: CloudTrail's write management events over the
 * window (from an hour before it, so a change just before an onset at its start is seen),
 * the EC2 instances' launch times, the ECS services' deployments (read once with the graph's
 * ECS source) and the alarms' transitions (changes/alarm-history.ts). Lambda's LastModified
 * comes from the records triage already has (changes/attach.ts). A part other than CloudTrail
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
import { isoOrNull } from "../time/json-dates.js";
import type { MetricsWindow } from "../sources/lambda.js";
import { ecsServicesOf } from "../sources/graph.js";
import { deploymentChanges } from "./deployments.js";
import { optionalPart } from "./optional.js";
import { changesWindow } from "./window.js";
import { regionTransitions, transitionChange } from "./alarm-history.js";

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
  const { range, params, window } = changesWindow(options);
  return {
    script: "cloudtrail",
    resource: "events",
    params,
    window,
    fetch: async (provider, region, onPage) => {
      const { lookupWriteEvents } = await import("../aws/cloudtrail.js");
      return (await lookupWriteEvents(provider, region, range, onPage)).flatMap(trailChanges);
    },
  };
}

/** Per region: the CloudTrail changes, the instances' launches, the ECS deployments and the alarm transitions, one batch. */
export function changeBatches(
  run: Invocation,
  options: MetricsWindow,
  /** Whether CloudTrail is what the user asked for (triage's `changes`): its failure keeps its exit code; else a note. */
  trailAsked = true,
): Promise<Batch<Change>[]> {
  return run.perRegion("cloudtrail/events", async (region) => {
    // CloudTrail denied (an on-call role often lacks cloudtrail:LookupEvents) or not answered
    // fails the source the user asked for (its exit code), but the changes at hand still count:
    // deploys, launches, deployments and alarm transitions say most of what changed.
    let trailFetchedAt: string | undefined;
    const cloudtrail = {
      region,
      resource: "cloudtrail/events",
      leftOut: "CloudTrail's changes",
      keepExitCode: trailAsked,
    };
    const trail = await optionalPart(run, cloudtrail, async () => {
      const answer = await run.cachedResource(trailChangesSpec(options), region);
      trailFetchedAt = answer.source.fetchedAt;
      return answer.items;
    });
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
    const transitions = (await regionTransitions(run, region, options)).map(transitionChange);
    return {
      observedAt: trailFetchedAt ?? instances.source.fetchedAt,
      records: [...trail, ...launches, ...deployments, ...transitions],
      region,
      account: instances.account,
    };
  });
}
