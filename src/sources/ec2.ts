/**
 * EC2: the instance inventory and the instance status (checks and scheduled events), each
 * cached once per region and filtered locally, so one entry serves every filter and `triage`.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { Batch } from "../rules/types.js";
import {
  matchesInstance,
  needsAttention,
  normalizeInstance,
  normalizeInstanceStatus,
  tagMap,
  type CachedInstance,
  type CachedInstanceStatus,
  type InstanceFilter,
  type InstanceRecord,
  type InstanceStatusRecord,
} from "../normalize/ec2.js";
import { byRegionThen } from "../normalize/order.js";
import { readEnvelope } from "../cache/store.js";
import { cacheFilePath } from "../cache/paths.js";
import { batchesOf, collectRecords } from "./collect.js";

/** The full inventory, cached once per region; every filter is applied to it locally. */
export const instancesSpec: FetchSpec<CachedInstance> = {
  script: "ec2",
  resource: "instances",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/ec2.js")).describeInstances(provider, region, onPage),
};

/**
 * Every instance's status, stopped ones included (IncludeAllInstances), cached once per region:
 * `ec2 status` filters it locally, `--all` shows it whole, and `triage` reads the same entry.
 */
export const instanceStatusSpec: FetchSpec<CachedInstanceStatus> = {
  script: "ec2",
  resource: "instance-status",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/ec2.js")).describeInstanceStatus(provider, region, true, onPage),
};

/**
 * `ec2 list` records, sorted by region then instance. They are built and filtered while the
 * cache file is read, so the raw items are never all in memory at once.
 */
export function collectInstances(
  run: Invocation,
  filter: InstanceFilter,
  /** Counts every instance looked at, matching or not ("0 of 55 instances match ..."). */
  seen?: { count: number },
): Promise<InstanceRecord[]> {
  return collectRecords(
    run,
    instancesSpec,
    (item, { account, region }) => {
      if (seen !== undefined) seen.count++;
      const record = normalizeInstance(item, account, region);
      return matchesInstance(record, filter) ? record : undefined;
    },
    byRegionThen((record) => record.instanceId),
  );
}

/**
 * Name tags from the `ec2 list` inventory already in the cache for this region, at any age
 * (a Name rarely changes, and a stale name beats none). Never an AWS call: without a usable
 * entry the map is empty and `ec2 status` shows `name: null`.
 */
export async function cachedInstanceNames(run: Invocation, region: string): Promise<Map<string, string | null>> {
  const path = cacheFilePath(run.cache.root, {
    script: instancesSpec.script,
    resource: instancesSpec.resource,
    identity: run.session.identityKey,
    region,
  });
  const names = new Map<string, string | null>();
  const outcome = await readEnvelope(path, run.now, {
    mapItem: (item) => {
      const instance = item as CachedInstance;
      if (instance.InstanceId !== undefined) names.set(instance.InstanceId, tagMap(instance.Tags).Name ?? null);
      return undefined;
    },
  }).catch(() => undefined);
  return outcome?.kind === "hit" ? names : new Map();
}

/**
 * Status records of every region, sorted by region then instance, named from the cached
 * inventory where there is one; without `all`, only those needing attention.
 */
export async function collectInstanceStatus(
  run: Invocation,
  options: { all?: boolean } = {},
): Promise<InstanceStatusRecord[]> {
  const results = await run.fetchAllRegions(instanceStatusSpec);
  const names = new Map(
    await Promise.all(results.map(async (r) => [r.region, await cachedInstanceNames(run, r.region)] as const)),
  );
  return results
    .flatMap((r) => r.items.map((item) => normalizeInstanceStatus(item, r.account, r.region, names.get(r.region))))
    .filter((record) => options.all !== false || needsAttention(record))
    .sort(byRegionThen((record) => record.instanceId));
}

/** `ec2 status --raw`: the cached items, region order, filtered like the records. */
export function collectRawInstanceStatus(run: Invocation, options: { all: boolean }): Promise<CachedInstanceStatus[]> {
  return collectRecords(run, instanceStatusSpec, (item, { account, region }) =>
    options.all || needsAttention(normalizeInstanceStatus(item, account, region)) ? item : undefined,
  );
}

/**
 * What the `ec2.status-impaired` and `ec2.scheduled-event` rules read, each record named by its
 * instance's Name tag: triage fetches the inventory (cached like `ec2 list`'s, one
 * DescribeInstances page per 1000 instances) so a finding says `batch-1`, not only its id.
 */
export async function instanceStatusBatches(run: Invocation): Promise<Batch<InstanceStatusRecord>[]> {
  const [statuses, inventory] = await Promise.all([
    run.fetchAllRegions(instanceStatusSpec),
    run.fetchAllRegions(instancesSpec, (item) => [item.InstanceId ?? "", tagMap(item.Tags).Name ?? null] as const),
  ]);
  const names = new Map(inventory.map((r) => [r.region, new Map(r.items)] as const));
  return batchesOf(statuses, (item, account, region) =>
    normalizeInstanceStatus(item, account, region, names.get(region)),
  );
}
