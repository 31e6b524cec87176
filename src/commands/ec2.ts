/**
 * `awstriage ec2 list`: every instance (DescribeInstances, paged), filtered locally.
 * `awstriage ec2 status`: status checks and scheduled events (DescribeInstanceStatus).
 */
import type { Command } from "commander";
// zod/mini, not zod: `ec2 list` is the cache-hit path the benchmark measures (see options.ts).
import * as z from "zod/mini";
import { Run, type FetchSpec, type RegionResult } from "../run.js";
import {
  INSTANCE_COLUMNS,
  INSTANCE_STATUS_COLUMNS,
  matchesInstance,
  needsAttention,
  normalizeInstance,
  normalizeInstanceStatus,
  tagMap,
  type CachedInstance,
  type CachedInstanceStatus,
  type InstanceStatusRecord,
} from "../normalize/ec2.js";
import { byRegionThen } from "../normalize/order.js";
import { readEnvelope } from "../cache/store.js";
import { cacheFilePath } from "../cache/paths.js";
import { emit } from "./emit.js";
import { emitRaw } from "./emit-records.js";
import { action, group, parseLocal, subcommand } from "./command.js";
import { collect, commaList, enumList, keyValuePairs } from "./option-schemas.js";

export const INSTANCE_STATES = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"] as const;

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

/** Records of every instance in every region of the run, sorted by region then instance. */
export function instanceStatusRecords(
  results: ReadonlyArray<RegionResult<CachedInstanceStatus>>,
  namesByRegion?: ReadonlyMap<string, ReadonlyMap<string, string | null>>,
): InstanceStatusRecord[] {
  return results
    .flatMap((r) =>
      r.items.map((item) => normalizeInstanceStatus(item, r.account, r.region, namesByRegion?.get(r.region))),
    )
    .sort(byRegionThen((record) => record.instanceId));
}

/**
 * Name tags from the `ec2 list` inventory already in the cache for this region, at any age
 * (a Name rarely changes, and a stale name beats none). Never an AWS call: without a usable
 * entry the map is empty and `ec2 status` shows `name: null`.
 */
export async function cachedInstanceNames(run: Run, region: string): Promise<Map<string, string | null>> {
  const path = cacheFilePath(run.cache.root, {
    script: instancesSpec.script,
    resource: instancesSpec.resource,
    identity: run.identityKey,
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

/** Status records of these results, named from the cached inventory where there is one. */
async function namedStatusRecords(
  run: Run,
  results: ReadonlyArray<RegionResult<CachedInstanceStatus>>,
): Promise<InstanceStatusRecord[]> {
  const names = await Promise.all(
    results.map(async (r) => [r.region, await cachedInstanceNames(run, r.region)] as const),
  );
  return instanceStatusRecords(results, new Map(names));
}

/** All status records of the run (what the `ec2.status-impaired` and `ec2.scheduled-event` rules read). */
export async function collectInstanceStatus(run: Run): Promise<InstanceStatusRecord[]> {
  return namedStatusRecords(run, await run.fetchAllRegions(instanceStatusSpec));
}

export const statusOptionsSchema = z.object({ all: z.optional(z.boolean()) });

export const listOptionsSchema = z.object({
  state: enumList("--state", INSTANCE_STATES),
  // A tag's value may be empty: `--tag Name=` matches an empty Name tag.
  tag: keyValuePairs("--tag", { emptyValue: true }),
  type: commaList,
});

export function register(program: Command): void {
  const ec2 = group(program, "ec2", "EC2 instances");
  subcommand(ec2, "list", "list EC2 instances (DescribeInstances), filtered locally")
    .option("--state <states>", "only these states (comma-separated): running, stopped, ...")
    .option("--tag <key=value>", "only instances with this tag (repeatable; all must match)", collect)
    .option("--type <types>", "only these instance types (comma-separated)")
    .action(
      action(async (globals, local) => {
        const options = parseLocal(listOptionsSchema, local);
        const filter = { states: options.state, types: options.type, tags: options.tag };
        const run = await Run.create(globals);
        if (globals.raw) return emitRaw(run, "ec2 list", instancesSpec);
        // Records are built and filtered while the cache file is read, so the raw items are
        // never all in memory at once.
        const results = await run.fetchAllRegions(instancesSpec, (item, { account, region }) => {
          const record = normalizeInstance(item, account, region);
          return matchesInstance(record, filter) ? record : undefined;
        });
        const records = results.flatMap((r) => r.items).sort(byRegionThen((record) => record.instanceId));
        return emit(run, {
          command: "ec2 list",
          records,
          columns: INSTANCE_COLUMNS,
          fallbackAccount: results[0]?.account ?? null,
        });
      }),
    );
  subcommand(ec2, "status", "instances with failing status checks or scheduled events (DescribeInstanceStatus)")
    .option("--all", "every instance, stopped ones and healthy ones included")
    .action(
      action(async (globals, local) => {
        const all = parseLocal(statusOptionsSchema, local).all ?? false;
        const run = await Run.create(globals);
        const results = await run.fetchAllRegions(instanceStatusSpec);
        const fallbackAccount = results[0]?.account ?? null;
        if (globals.raw) {
          const items = results.flatMap((r) =>
            r.items.filter((item) => all || needsAttention(normalizeInstanceStatus(item, r.account, r.region))),
          );
          return emit(run, { command: "ec2 status", records: items, fallbackAccount });
        }
        const records = (await namedStatusRecords(run, results)).filter((record) => all || needsAttention(record));
        return emit(run, { command: "ec2 status", records, columns: INSTANCE_STATUS_COLUMNS, fallbackAccount });
      }),
    );
}
