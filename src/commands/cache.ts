/**
 * `awstriage cache ls | clear | path`: look after the local cache. No credentials, no AWS
 * SDK (nothing here imports run.ts or aws/), and no profile or region needed.
 */
import type { Command } from "commander";
import { z } from "zod";
import { clearCacheEntries, listCacheEntries, CACHE_ENTRY_COLUMNS } from "../cache/entries.js";
import { writeRecords } from "../output/format.js";
import { formatAge } from "../duration.js";
import { UsageError } from "../errors.js";
import type { GlobalOptions } from "../options.js";
import { action, group, parseLocal, subcommand } from "./command.js";

/** Script folders are plain names (sts, ec2, lambda, cloudwatch, logs). */
const scriptOption = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "--script must be a command group such as ec2, lambda, cloudwatch, logs or sts")
  .optional();

const filterSchema = z.object({ script: scriptOption });

/**
 * `--profile` here filters entries. It must have been typed on this command line: the
 * global default from $AWS_PROFILE must never narrow (or widen) what `cache clear` removes.
 */
function explicitProfile(cmd: Command): string | undefined {
  const value = cmd.optsWithGlobals().profile as unknown;
  return typeof value === "string" && value !== "" ? value : undefined;
}

function withCommand(run: (globals: GlobalOptions, local: Record<string, unknown>, cmd: Command) => Promise<number>) {
  return (...args: unknown[]) => action((globals, local) => run(globals, local, args[args.length - 1] as Command))(...args);
}

/** Options that make no sense without a fetch are refused, not silently ignored. */
function refuse(globals: GlobalOptions, command: string): void {
  if (globals.out !== undefined) throw new UsageError(`--out is not supported by ${command}`, "redirect stdout instead: -o json > file.json");
  if (globals.raw) throw new UsageError(`--raw is not supported by ${command}`);
}

export function register(program: Command): void {
  const cache = group(program, "cache", "inspect and clear the local cache (no AWS, no credentials)");

  subcommand(cache, "ls", "list every cache entry: script, resource, profile, region, account, age, fresh, items, bytes")
    .option("--script <name>", "only entries of this command group (ec2, lambda, cloudwatch, logs, sts)")
    .action(
      withCommand(async (globals, local, cmd) => {
        refuse(globals, "cache ls");
        const { script } = parseLocal(filterSchema, local);
        const entries = await listCacheEntries(globals.cacheRoot, { now: Date.now(), ttlMs: globals.ttlMs, filter: { script, profile: explicitProfile(cmd) } });
        const broken = entries.filter((e) => e.error !== null).length;
        if (!globals.quiet) {
          const bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
          process.stderr.write(`awstriage: cache ${globals.cacheRoot} | ${entries.length} entr${entries.length === 1 ? "y" : "ies"}, ${bytes} bytes | fresh within ${formatAge(globals.ttlMs)}\n`);
        }
        await writeRecords(entries, globals.output, { columns: CACHE_ENTRY_COLUMNS });
        if (broken > 0) process.stderr.write(`awstriage: ${broken} unusable entr${broken === 1 ? "y" : "ies"} (see the error column); \`awstriage cache clear\` removes them\n`);
        return 0;
      }),
    );

  subcommand(cache, "clear", "remove cache entries: all of them, or those of one --script and/or --profile")
    .option("--script <name>", "only entries of this command group (ec2, lambda, cloudwatch, logs, sts)")
    .action(
      withCommand(async (globals, local, cmd) => {
        refuse(globals, "cache clear");
        const { script } = parseLocal(filterSchema, local);
        const profile = explicitProfile(cmd);
        const { removed, bytes } = await clearCacheEntries(globals.cacheRoot, { script, profile }, Date.now());
        const scope = [script && `script ${script}`, profile && `profile ${profile}`].filter(Boolean).join(", ");
        if (!globals.quiet) process.stderr.write(`awstriage: removed ${removed.length} entr${removed.length === 1 ? "y" : "ies"} (${bytes} bytes)${scope ? ` of ${scope}` : ""} from ${globals.cacheRoot}\n`);
        return 0;
      }),
    );

  subcommand(cache, "path", "print the cache root").action(
    action(async (globals) => {
      refuse(globals, "cache path");
      process.stdout.write(`${globals.cacheRoot}\n`);
      return 0;
    }),
  );
}
