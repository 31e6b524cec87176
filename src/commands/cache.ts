/**
 * `awstriage cache ls | clear | path`: look after the local cache. No credentials, no AWS
 * SDK (nothing here imports run.ts or aws/), and no profile or region needed.
 */
import type { Command } from "commander";
// zod/mini, not zod: `cache ls` should cost little more than starting Node (see options.ts).
import * as z from "zod/mini";
import { clearCacheEntries } from "../cache/clear.js";
import { CACHE_ENTRY_COLUMNS, CACHE_SCRIPTS, type EntryFilter } from "../cache/entries.js";
import { noneUnreadable, streamCacheEntries, type Unreadable } from "../cache/listing.js";
import { writeRecords } from "../output/format.js";
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import { tableView } from "../output/table-view.js";
import { formatAge } from "../time/duration.js";
import { ExitCode, UsageError } from "../errors/errors.js";
import { writeStderr } from "../output/progress.js";
import { PACKAGE_ROOT, type GlobalOptions } from "../options/options.js";
import { ownAction, parseLocal, subcommand } from "./command.js";
import { chooseCacheRoot } from "../cache/root.js";

/**
 * Only the script folders awstriage writes: a typo must not list (or clear) nothing and
 * succeed, which looks the same as an empty cache.
 */
const scriptOption = z.optional(
  z
    .string()
    .check(
      z.refine(
        (s) => (CACHE_SCRIPTS as readonly string[]).includes(s),
        `--script must be one of ${CACHE_SCRIPTS.join(", ")}`,
      ),
    ),
);

const filterSchema = z.object({ script: scriptOption });

/**
 * `--profile` here filters entries. It must have been typed on this command line: the
 * global default from $AWS_PROFILE must never narrow (or widen) what `cache clear` removes.
 */
function explicitProfile(cmd: Command): string | undefined {
  const value = cmd.optsWithGlobals().profile as unknown;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Options that make no sense without a fetch are refused, not silently ignored. */
function refuse(globals: GlobalOptions, command: string): void {
  if (globals.out !== undefined)
    throw new UsageError(`--out is not supported by ${command}`, "redirect stdout instead: -o json > file.json");
  if (globals.raw) throw new UsageError(`--raw is not supported by ${command}`);
}

/**
 * Folders this user may not read (another user's 0700 cache folders): what is in them was not
 * looked at, so the run says so and exits 2 rather than pass an incomplete answer off as whole.
 */
function sayUnreadable({ first, count }: Unreadable, done: "listed" | "cleared"): number {
  if (first === undefined) return 0;
  const more = count > 1 ? ` and ${count - 1} more` : "";
  writeStderr(
    `awstriage: could not read ${first}${more} (permission denied): what is in them was not ${done}\n  → run as the user who owns the cache, or point --cache-dir at your own\n`,
  );
  return ExitCode.usage;
}

const plural = (n: number) => `${n} entr${n === 1 ? "y" : "ies"}`;

/** `cache ls` and `cache clear`: the same filters, validated the same way. */
function filteredSubcommand(
  parent: Command,
  name: string,
  description: string,
  run: (globals: GlobalOptions, filter: EntryFilter) => Promise<number>,
): void {
  subcommand(parent, name, description)
    .option("--script <name>", `only entries of this command group (${CACHE_SCRIPTS.join(", ")})`)
    .action((...args: unknown[]) =>
      ownAction(async (globals, local) => {
        refuse(globals, `cache ${name}`);
        const { script } = parseLocal(filterSchema, local);
        return run(globals, { script, profile: explicitProfile(args[args.length - 1] as Command) });
      })(...args),
    );
}

export function register(cache: Command): void {
  filteredSubcommand(
    cache,
    "ls",
    "list every cache entry: script, resource, profile, region, account, age, fresh, items, bytes",
    async (globals, filter) => {
      const unreadable = noneUnreadable();
      const listing = streamCacheEntries(globals.cacheRoot, {
        now: Date.now(),
        ttlMs: globals.ttlMs,
        filter,
        onWarning: (message) => writeStderr(`awstriage: warning: ${message}\n`),
        unreadable,
      });
      // Counted as they stream by: the summary comes after the records, not before.
      const seen = { entries: 0, bytes: 0, broken: 0 };
      const counted = (async function* () {
        for await (const entry of listing) {
          seen.entries++;
          seen.bytes += entry.bytes;
          if (entry.error !== null) seen.broken++;
          yield entry;
        }
      })();
      await writeRecords(counted, globals.output, {
        columns: CACHE_ENTRY_COLUMNS,
        layout: TABLE_LAYOUTS["cache ls"],
        view: tableView(globals, 0),
      });
      if (!globals.quiet)
        writeStderr(
          `awstriage: cache ${globals.cacheRoot} | ${plural(seen.entries)}, ${seen.bytes} bytes | fresh within ${formatAge(globals.ttlMs)}\n`,
        );
      if (seen.broken > 0)
        writeStderr(
          `awstriage: ${plural(seen.broken)} unusable (see the error column); \`awstriage cache clear\` removes those awstriage wrote and temp files older than an hour\n`,
        );
      return sayUnreadable(unreadable, "listed");
    },
  );

  filteredSubcommand(
    cache,
    "clear",
    "remove cache entries: all of them, or those of one --script and/or --profile",
    async (globals, filter) => {
      const { removed, bytes, kept, unreadable } = await clearCacheEntries(globals.cacheRoot, filter, Date.now());
      const scope = [filter.script && `script ${filter.script}`, filter.profile && `profile ${filter.profile}`]
        .filter(Boolean)
        .join(", ");
      if (!globals.quiet)
        writeStderr(
          `awstriage: removed ${plural(removed)} (${bytes} bytes)${scope ? ` of ${scope}` : ""} from ${globals.cacheRoot}\n`,
        );
      if (!globals.quiet && kept > 0)
        writeStderr(
          `awstriage: kept ${plural(kept)} awstriage did not write (or temp files younger than an hour); \`awstriage cache ls\` shows them\n`,
        );
      return sayUnreadable(unreadable, "cleared");
    },
  );

  subcommand(cache, "path", "print the cache root (stdout) and the rule that chose it (stderr)").action(
    (...args: unknown[]) =>
      ownAction(async (globals) => {
        refuse(globals, "cache path");
        process.stdout.write(`${globals.cacheRoot}\n`);
        if (!globals.quiet) writeStderr(`awstriage: ${describeCacheRoot(args[args.length - 1] as Command)}\n`);
        return 0;
      })(...args),
  );
}

/** Which rule chose the root: the same choice options.ts made, with its reason. */
function describeCacheRoot(cmd: Command): string {
  const cacheDir = cmd.optsWithGlobals().cacheDir as string | undefined;
  const choice = chooseCacheRoot({ cacheDir, packageRoot: PACKAGE_ROOT });
  const fix = "--cache-dir or AWSTRIAGE_CACHE_DIR choose another";
  switch (choice.rule) {
    case "--cache-dir":
    case "AWSTRIAGE_CACHE_DIR":
      return `cache root from ${choice.rule}`;
    case "source checkout":
      return `cache root in the ${choice.reason} (tmp/claude_cache); ${fix}`;
    case "installed copy":
      return `cache root is the per-user cache ($XDG_CACHE_HOME/awstriage, else ~/.cache/awstriage): ${choice.reason}; ${fix}`;
  }
}
