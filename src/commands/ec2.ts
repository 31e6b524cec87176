/** `awstriage ec2 list`: every instance (DescribeInstances, paged), filtered locally. */
import type { Command } from "commander";
// zod/mini, not zod: `ec2 list` is the cache-hit path the benchmark measures (see options.ts).
import * as z from "zod/mini";
import { Run, type FetchSpec } from "../run.js";
import { INSTANCE_COLUMNS, matchesInstance, normalizeInstance, type CachedInstance } from "../normalize/ec2.js";
import { emit } from "./emit.js";
import { action, group, parseLocal, subcommand } from "./command.js";

export const INSTANCE_STATES = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"] as const;

/** The full inventory, cached once per region; every filter is applied to it locally. */
export const instancesSpec: FetchSpec<CachedInstance> = {
  script: "ec2",
  resource: "instances",
  fetch: async (provider, region, onPage) => (await import("../aws/ec2.js")).describeInstances(provider, region, onPage),
};

const commaList = z.optional(
  z.pipe(
    z.string(),
    z.transform((value) => value.split(",").map((v) => v.trim()).filter(Boolean)),
  ),
);

const badTag = (tags: readonly string[] | undefined) => (tags ?? []).find((tag) => tag.indexOf("=") <= 0);

export const listOptionsSchema = z.object({
  state: commaList.check(
    z.refine((states) => states === undefined || states.every((s) => (INSTANCE_STATES as readonly string[]).includes(s)), `--state must be one or more of ${INSTANCE_STATES.join(", ")} (comma-separated)`),
  ),
  tag: z.pipe(
    z.optional(z.array(z.string())).check(
      z.refine((tags) => badTag(tags) === undefined, { error: (issue) => `--tag must be KEY=VALUE, got "${String(badTag(issue.input as string[]))}"` }),
    ),
    z.transform((tags) =>
      (tags ?? []).map((tag) => {
        const eq = tag.indexOf("=");
        return { key: tag.slice(0, eq), value: tag.slice(eq + 1) };
      }),
    ),
  ),
  type: commaList,
});

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
        if (globals.raw) {
          const results = await run.fetchAllRegions(instancesSpec);
          return emit(run, { command: "ec2 list", records: results.flatMap((r) => r.items), fallbackAccount: results[0]?.account ?? null });
        }
        // Records are built and filtered while the cache file is read, so the raw items are
        // never all in memory at once.
        const results = await run.fetchAllRegions(instancesSpec, (item, { account, region }) => {
          const record = normalizeInstance(item, account, region);
          return matchesInstance(record, filter) ? record : undefined;
        });
        // Plain code-unit order: ids and regions are ASCII, and it does not depend on the locale.
        const records = results.flatMap((r) => r.items).sort((a, b) => compare(a.region, b.region) || compare(a.instanceId, b.instanceId));
        return emit(run, { command: "ec2 list", records, columns: INSTANCE_COLUMNS, fallbackAccount: results[0]?.account ?? null });
      }),
    );
}
