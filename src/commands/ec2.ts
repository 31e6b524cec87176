/**
 * `awstriage ec2 list`: every instance (DescribeInstances, paged), filtered locally.
 * `awstriage ec2 status`: status checks and scheduled events (DescribeInstanceStatus).
 */
import type { Command } from "commander";
// zod/mini, not zod: `ec2 list` is the cache-hit path the benchmark measures (see options.ts).
import * as z from "zod/mini";
import { Run } from "../run.js";
import { INSTANCE_COLUMNS, INSTANCE_STATUS_COLUMNS } from "../normalize/ec2.js";
import { collectInstances, collectInstanceStatus, collectRawInstanceStatus, instancesSpec } from "../sources/ec2.js";
import { emitRaw, emitRecords } from "./emit-records.js";
import { action, parseLocal, subcommand } from "./command.js";
import { collect, commaList, enumList, keyValuePairs } from "./option-schemas.js";

export const INSTANCE_STATES = ["pending", "running", "shutting-down", "terminated", "stopping", "stopped"] as const;

export const statusOptionsSchema = z.object({ all: z.optional(z.boolean()) });

export const listOptionsSchema = z.object({
  state: enumList("--state", INSTANCE_STATES),
  // A tag's value may be empty: `--tag Name=` matches an empty Name tag.
  tag: keyValuePairs("--tag", { emptyValue: true }),
  type: commaList,
});

export function register(ec2: Command): void {
  subcommand(ec2, "list", "list EC2 instances (DescribeInstances), filtered locally")
    .option("--state <states>", "only these states (comma-separated): running, stopped, ...")
    .option("--tag <key=value>", "only instances with this tag (repeatable; all must match)", collect)
    .option("--type <types>", "only these instance types (comma-separated)")
    .action(
      action(async (globals, local) => {
        const options = parseLocal(listOptionsSchema, local);
        const run = await Run.create(globals);
        if (globals.raw) return emitRaw(run, "ec2 list", instancesSpec);
        const filter = { states: options.state, types: options.type, tags: options.tag };
        return emitRecords(run, "ec2 list", await collectInstances(run, filter), INSTANCE_COLUMNS);
      }),
    );
  subcommand(ec2, "status", "instances with failing status checks or scheduled events (DescribeInstanceStatus)")
    .option("--all", "every instance, stopped ones and healthy ones included")
    .action(
      action(async (globals, local) => {
        const all = parseLocal(statusOptionsSchema, local).all ?? false;
        const run = await Run.create(globals);
        if (globals.raw) return emitRecords(run, "ec2 status", await collectRawInstanceStatus(run, { all }));
        return emitRecords(run, "ec2 status", await collectInstanceStatus(run, { all }), INSTANCE_STATUS_COLUMNS);
      }),
    );
}
