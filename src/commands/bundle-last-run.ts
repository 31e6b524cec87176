/**
 * `bundle create FILE` with no `--from`: the last triage of this cache root (bundle/last-run.ts)
 * judged again, offline, from exactly the entries it read and at its own time, into the `--out`
 * document it would have written; bundle/bundle.ts packs that document with those entries.
 * No AWS, no stdout: the cache entries are the evidence, the record only says which they are.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors/errors.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { DEFAULT_SETTINGS } from "../rules/settings.js";
import { documentSources } from "../output/document.js";
import { outDocument } from "../output/present.js";
import { readLastRun, type LastRun } from "../bundle/last-run.js";
import type { GlobalOptions } from "../options/options.js";
import type { Source } from "../cache/store.js";
import { parseLocal } from "./command.js";
import { presentationOf } from "./driver.js";
import { openInvocation } from "./open-invocation.js";

const AGAIN = "run `awstriage triage` again, then `awstriage bundle create`";

/** The last triage's `--out` document, rebuilt from its entries; exit 2 when they are gone or changed. */
export async function lastRunDocument(globals: GlobalOptions): Promise<Buffer> {
  const root = globals.cacheRoot;
  const last = await readLastRun(root);
  if (last.command !== "triage") throw new UsageError(`the last run recorded in ${root} is not a triage`);
  for (const { entry } of last.entries)
    if (!exists(join(root, ...entry.split("/"))))
      throw new UsageError(`the last triage's cache entry ${entry} is gone (cache clear?): ${AGAIN}`);
  const { collect, triageOptionsSchema } = await import("./triage.js");
  const options = parseLocal(
    triageOptionsSchema,
    Object.fromEntries(Object.entries(last.options).filter(([, value]) => value !== null)),
  );
  const replay: GlobalOptions = {
    ...globals,
    offline: true,
    force: false,
    profile: last.profile,
    roleArn: last.roleArn ?? undefined,
    regions: last.regions,
    // The run said its warnings already; the bundle's reader sees them again.
    logLevel: "error",
    quiet: true,
  };
  const run = openInvocation(replay, { now: () => Date.parse(last.at) });
  const result = await collect(run, options, await configOf(last));
  const records = [...result.records];
  const outcome = await run.outcome();
  sameEntries(last, outcome.sources);
  const document = outDocument(result, presentationOf(run, outcome), records);
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`);
}

/** The config the run was judged with: the same file with the same sha256, or none at all (never a local one). */
async function configOf(last: LastRun): Promise<LoadedConfig> {
  if (last.config === null) return { settings: DEFAULT_SETTINGS, file: null };
  const config = await loadConfig({ flag: last.config.path });
  if (config.file?.sha256 !== last.config.sha256)
    throw new UsageError(`the config file ${last.config.path} changed since the last triage: ${AGAIN}`);
  return config;
}

/** Exactly the entries the run read, as they were then: one refetched since is a different run. */
function sameEntries(last: LastRun, sources: readonly Source[]): void {
  const read = new Map(documentSources(sources).map((s) => [s.entry ?? "", s.fetchedAt]));
  for (const { entry, fetchedAt } of last.entries) {
    const now = read.get(entry);
    if (now === fetchedAt) continue;
    throw new UsageError(
      `the last triage's cache entry ${entry} ${now === undefined ? "could not be read" : `was refetched at ${now}`}: ${AGAIN}`,
    );
  }
  const recorded = new Set(last.entries.map((e) => e.entry));
  const more = [...read.keys()].find((entry) => !recorded.has(entry));
  if (more !== undefined) throw new UsageError(`the last triage did not read ${more}, which is cached now: ${AGAIN}`);
}

function exists(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
