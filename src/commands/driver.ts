/**
 * The one driver of every data command: it builds the session(s) the flags name — one
 * account, or a sweep's 1…N (sweep-driver.ts) — has the command `collect` its result over
 * each, and presents once (output/present.ts). Commands never print records themselves.
 */
import type { Invocation, InvocationOutcome } from "../run/invocation.js";
import { formatFailure } from "../run/fan-out.js";
import { freshnessLine, FreshnessNotice, watchFreshness } from "../output/freshness.js";
import { contextLine } from "../output/context-line.js";
import { documentSources } from "../output/document.js";
import { present, type Presentation } from "../output/present.js";
import { writeStderr } from "../output/progress.js";
import { UsageError } from "../errors/errors.js";
import { SOURCE_COMMANDS } from "../sources/registry.js";
import type { GlobalOptions } from "../options/options.js";
import { presentOptionsOf } from "../options/specs.js";
import type { CommandResult } from "../run/result.js";
import { openInvocation, type Collect } from "./open-invocation.js";

/**
 * The commands a sweep can run: every one that prints a source's records (the source
 * registry's `commands`), and triage, which reads them all.
 */
const SWEEPABLE: ReadonlySet<string> = new Set([...SOURCE_COMMANDS, "triage"]);

/** Runs `collect` over every account the flags name and presents the result; the exit code. */
export async function drive(command: string, globals: GlobalOptions, collect: Collect): Promise<number> {
  if (globals.profiles !== undefined || globals.accounts !== undefined) {
    if (!SWEEPABLE.has(command))
      throw new UsageError(`--profiles and --accounts do not apply to ${command}`, "run it for one profile at a time");
    // The sweep's modules load only for a sweep: a single account's cache hit does not pay for them.
    return (await import("./sweep-driver.js")).driveSweep(command, globals, collect);
  }
  const invocation = openInvocation(globals);
  // "cached 4m12s ago — --force to refetch" goes before the first warning the run prints.
  const notice = watchFreshness(
    globals.quiet,
    () => invocation.sources,
    () => invocation.now,
    globals.offline,
  );
  try {
    return await presentOne(globals, invocation, await collect(invocation), notice);
  } finally {
    notice.stop();
  }
}

/**
 * One account: the context line, then the records (before anything that can still fail, so
 * nothing fetched is lost to a later error), the failures, `--out`, and the exit code.
 */
export async function presentOne(
  globals: GlobalOptions,
  run: Invocation,
  result: CommandResult,
  notice = new FreshnessNotice(globals.quiet, writeStderr),
): Promise<number> {
  // The --out document needs the records a second time, so a stream is gathered first.
  const gather = (globals.out !== undefined || globals.outDir !== undefined) && !Array.isArray(result.records);
  const records = gather ? [...result.records] : result.records;
  const outcome = await run.outcome();
  const { identity, regions, sources } = outcome;
  if (regions.length > 1) run.log.debug({ regions }, `${regions.length} regions`);
  if (!globals.quiet) {
    // Said already if anything was printed before; else here, before the context line.
    notice.final(freshnessLine(sources, run.now, globals.offline));
    writeStderr(
      contextLine(
        {
          account: identity.account,
          regions,
          profile: run.profile,
          credentials: run.session.credentials,
          arn: identity.arn,
          roleArn: run.session.roleArn,
          homeRegion: run.session.homeRegion,
          ...(result.config !== undefined ? { configPath: result.config?.path ?? null } : {}),
        },
        sources,
        process.stderr.isTTY ? process.stderr.columns : undefined,
      ),
    );
  }
  const presentation = presentationOf(run, outcome);
  if (globals.bundle !== undefined && globals.bundleManifestSha256 !== undefined)
    presentation.document.bundle = { path: globals.bundle, manifestSha256: globals.bundleManifestSha256 };
  const code = await present(presentOptionsOf(globals), result, records, presentation);
  // A run read from a bundle is the bundle's, not this cache root's last run.
  if (result.rerun !== undefined && globals.bundle === undefined) await recordRun(run, outcome, result.rerun, result);
  if (result.closingNote !== undefined) writeStderr(`${result.closingNote}\n`);
  // An incomplete look (a source failed) outranks the command's own code: both fail a CI
  // step, and the first needs fixing first.
  return code || (result.exitCode ?? 0);
}

/** What `present` needs of one account's invocation (and what `bundle create` rebuilds --out with). */
export function presentationOf(run: Invocation, outcome: InvocationOutcome): Presentation {
  const { identity, regions, sources, failures, exitCode } = outcome;
  return {
    regions,
    accounts: [{ account: identity.account, accountLabel: null, failed: failures.length > 0 }],
    failureLines: failures.map(formatFailure),
    exitCode,
    now: run.now,
    document: {
      context: { account: identity.account, regions: [...regions], profile: run.profile, arn: identity.arn },
      sources: documentSources(sources),
      ...(failures.length > 0
        ? { failures: failures.map(({ region, resource, reason }) => ({ region, resource, reason })) }
        : {}),
    },
  };
}

/**
 * Records a triage in its cache root, so `bundle create FILE` can pack it with no --from
 * (bundle/last-run.ts). Loaded only then: no other command pays for it. A root that cannot
 * take it costs the run nothing; `bundle create` says there is no run to pack.
 */
async function recordRun(
  run: Invocation,
  outcome: InvocationOutcome,
  options: Readonly<Record<string, string | null>>,
  result: CommandResult,
): Promise<void> {
  const { recordLastRun } = await import("../bundle/last-run.js");
  try {
    await recordLastRun(run.session.cacheRoot, {
      command: result.command,
      at: new Date(run.now).toISOString(),
      profile: run.profile,
      roleArn: run.session.roleArn ?? null,
      regions: [...outcome.regions],
      options: { ...options },
      config: result.config ?? null,
      entries: documentSources(outcome.sources).map(({ entry, fetchedAt }) => ({ entry: entry ?? "", fetchedAt })),
    });
  } catch (error) {
    run.log.debug(`the run is not recorded for bundle create: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}
