/**
 * `awstriage ec2 list`: every instance (DescribeInstances, paged), filtered locally.
 * `awstriage ec2 status`: status checks and scheduled events (DescribeInstanceStatus).
 */
import type { Command } from "commander";
// zod/mini, not zod: `ec2 list` is the cache-hit path the benchmark measures (see options.ts).
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { INSTANCE_COLUMNS, INSTANCE_STATUS_COLUMNS, needsAttention } from "../normalize/ec2.js";
import { collectInstances, collectInstanceStatus, collectRawInstanceStatus, instancesSpec } from "../sources/ec2.js";
import { rawResult, recordsResult } from "./results.js";
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

/** The filter flags as typed, for "0 of 55 instances match --state terminated". */
function filterFlags(local: Record<string, unknown>): string[] {
  const flags: string[] = [];
  if (local.state !== undefined) flags.push(`--state ${String(local.state)}`);
  for (const tag of (local.tag as string[] | undefined) ?? []) flags.push(`--tag ${tag}`);
  if (local.type !== undefined) flags.push(`--type ${String(local.type)}`);
  return flags;
}

/** `ec2 list`: every instance, filtered locally; `--raw` the cached DescribeInstances items. */
export async function collectList(
  run: Invocation,
  options: z.output<typeof listOptionsSchema> & { raw: boolean; flags: readonly string[] },
): Promise<CommandResult> {
  if (options.raw) return rawResult(run, "ec2 list", instancesSpec);
  const filter = { states: options.state, types: options.type, tags: options.tag };
  const seen = { count: 0 };
  const records = await collectInstances(run, filter, seen);
  return recordsResult("ec2 list", records, INSTANCE_COLUMNS, {
    emptyNote: (where) =>
      seen.count === 0
        ? `no instances in ${where}`
        : `0 of ${seen.count} instances match ${options.flags.join(" ")} (${where})`,
  });
}

/** `ec2 status`: failing checks and scheduled events (`--all`: every instance). */
export async function collectStatus(run: Invocation, options: { all: boolean; raw: boolean }): Promise<CommandResult> {
  const { all } = options;
  if (options.raw) return recordsResult("ec2 status", await collectRawInstanceStatus(run, { all }));
  const every = await collectInstanceStatus(run, { all: true });
  const records = all ? every : every.filter(needsAttention);
  return recordsResult("ec2 status", records, INSTANCE_STATUS_COLUMNS, {
    emptyNote: (where) =>
      every.length === 0
        ? `no instances in ${where}`
        : `all status checks pass, no scheduled events (${every.length} instance${every.length === 1 ? "" : "s"}, ${where})`,
  });
}

export function register(ec2: Command): void {
  subcommand(ec2, "list", "list EC2 instances (DescribeInstances), filtered locally")
    .option("--state <states>", "only these states (comma-separated): running, stopped, ...")
    .option("--tag <key=value>", "only instances with this tag (repeatable; all must match)", collect)
    .option("--type <types>", "only these instance types (comma-separated)")
    .action(
      action((globals, local) => {
        const options = { ...parseLocal(listOptionsSchema, local), raw: globals.raw, flags: filterFlags(local) };
        return (run) => collectList(run, options);
      }),
    );
  subcommand(ec2, "status", "instances with failing status checks or scheduled events (DescribeInstanceStatus)")
    .option("--all", "every instance, stopped ones and healthy ones included")
    .action(
      action((globals, local) => {
        const options = { all: parseLocal(statusOptionsSchema, local).all ?? false, raw: globals.raw };
        return (run) => collectStatus(run, options);
      }),
    );
}
