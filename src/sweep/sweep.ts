/**
 * A sweep: one command over many accounts (`--profiles`, `--accounts FILE`) in one process.
 * Each account is a Run of its own (its profile or role, its identity folder in the cache, its
 * per-endpoint bounds, one AssumeRole), all sharing one `--concurrency` limiter and one
 * progress line. Each account's run hands its result over where it would print (emit.ts);
 * the sweep merges them, names the accounts that failed, and prints once.
 */
import { loadSharedConfig, type SharedConfig } from "../aws/config-files.js";
import { createLimiter, mapLimitSettled } from "../run/concurrency.js";
import { AwstriageError, fail, UsageError } from "../errors/errors.js";
import type { GlobalOptions } from "../options/options.js";
import { createProgress, writeStderr, type Progress } from "../output/progress.js";
import type { MemberResult } from "../run/sweep-member.js";
import { present, type EmitInput } from "../commands/emit.js";
import { summarizeIncidents } from "../incidents/summary.js";
import { entryPointsOf } from "../incidents/attach.js";
import type { Finding, IncidentSummary } from "../records/index.js";
import { SOURCE_COMMANDS } from "../sources/registry.js";
import { checkTargets, parseAccounts, profileTargets, readAccountsFile, targetName, type Target } from "./targets.js";
import { mergeRecords, sweepContextLine, sweepDocument, sweepExitCode, type Outcome } from "./merge.js";

/**
 * The commands a sweep can run: every one that prints a source's records (the source
 * registry's `commands`), and triage, which reads them all.
 */
export const SWEEP_COMMANDS: ReadonlySet<string> = new Set([...SOURCE_COMMANDS, "triage"]);

/** The targets of the sweep flags, checked: exit 2 for a bad list, 3 for a profile the config lacks. */
export async function resolveTargets(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Promise<Target[]> {
  const shared = loadSharedConfig(env);
  checkBaseProfile(globals, shared, globals.accounts === "org");
  const listed =
    globals.accounts === "org"
      ? await (await import("./org.js")).orgTargets(globals)
      : globals.accounts !== undefined
        ? parseAccounts(await readAccountsFile(globals.accounts), globals.accounts === "-" ? "stdin" : globals.accounts)
        : profileTargets(globals.profiles ?? "");
  if (listed.length === 0) throw new UsageError("--accounts org: no active account is left to sweep");
  const targets = checkTargets(listed, shared, globals.offline);
  checkBaseProfile(
    globals,
    shared,
    targets.some((t) => t.kind === "role"),
  );
  return targets;
}

/** Roles are assumed with the base profile's credentials, as --role-arn does: it must exist. */
function checkBaseProfile(globals: GlobalOptions, shared: SharedConfig, needed: boolean): void {
  if (!needed) return;
  if (globals.profile === undefined) throw fail("NoProfile", {});
  if (!globals.offline && !shared.profiles.has(globals.profile))
    throw fail("ProfileNotFound", {
      profile: globals.profile,
      configFile: shared.configFile,
      credentialsFile: shared.credentialsFile,
    });
}

/** Runs `body` (a command's implementation) once per account and prints the merged result. */
export async function runSweep(
  command: string,
  globals: GlobalOptions,
  body: (globals: GlobalOptions) => Promise<number>,
): Promise<number> {
  if (!SWEEP_COMMANDS.has(command))
    throw new UsageError(`--profiles and --accounts do not apply to ${command}`, "run it for one profile at a time");
  const targets = await resolveTargets(globals);
  const callLimit = createLimiter(globals.concurrency);
  const progress = createProgress();
  const results = new Map<number, MemberResult>();
  const settled = await mapLimitSettled(targets, globals.concurrency, (target, i) =>
    body(
      memberOptions(globals, target, {
        callLimit,
        progress: accountProgress(progress, target),
        collect: (r) => results.set(i, r),
      }),
    ),
  );
  progress.stop();
  const outcomes: Outcome[] = settled.map((s, i) => {
    const target = targets[i] as Target;
    if (s.status === "rejected") {
      if (!(s.reason instanceof AwstriageError)) throw s.reason; // a bug: exit 1
      return { target, error: s.reason };
    }
    const result = results.get(i);
    if (result === undefined) throw new Error(`bug: ${targetName(target)} printed outside the sweep`);
    return { target, result, exitCode: s.value };
  });
  const first = outcomes.find((o) => o.result !== undefined)?.result?.input ?? { command, records: [] };
  const input = withSweepIncidents(first, outcomes);
  const key = input.key ?? "records";
  const records = mergeRecords(outcomes, key, globals.raw);
  // The regions asked for stay named when every account failed before its regions were known.
  const asked = Array.isArray(globals.regions) ? globals.regions : [];
  const regions = [...new Set([...asked, ...outcomes.flatMap((o) => o.result?.regions ?? [])])].sort();
  if (!globals.quiet) writeStderr(sweepContextLine(outcomes, regions));
  const failureLines = outcomes.flatMap(failureLinesOf);
  const document = sweepDocument(outcomes, regions, globals.profile ?? null);
  return present(globals, input, records, {
    regions,
    accounts: (document.accounts ?? []).map(({ account, accountLabel, failed }) => ({ account, accountLabel, failed })),
    failureLines,
    exitCode: sweepExitCode(outcomes),
    now: Date.now(),
    document,
    ...(input.columns === undefined || globals.raw ? {} : { columns: withAccountColumns(input.columns) }),
  });
}

/** triage: every account's incidents ranked together (each account ranked only its own). */
function withSweepIncidents(input: EmitInput, outcomes: readonly Outcome[]): EmitInput {
  if (input.document?.incidents === undefined) return input;
  const entryPoints = entryPointsOf(
    outcomes.flatMap((o) => (o.result?.input.document?.incidents ?? []) as IncidentSummary[]),
  );
  const findings = outcomes.flatMap((o) => [...(o.result?.records ?? [])] as Finding[]);
  return { ...input, document: { ...input.document, incidents: summarizeIncidents(findings, entryPoints) } };
}

/**
 * Accounts share the progress line, each task named with its account (`prod-eu
 * ec2/instances@eu-west-1`); only the sweep erases the line, once every account is in.
 */
function accountProgress(progress: Progress, target: Target): Progress {
  const tag = target.label ?? target.account ?? targetName(target);
  return {
    addTasks: (count) => progress.addTasks(count),
    regionStarted: (label) => progress.regionStarted(`${tag} ${label}`),
    items: (label, count) => progress.items(`${tag} ${label}`, count),
    regionDone: (label) => progress.regionDone(`${tag} ${label}`),
    stop() {},
  };
}

function memberOptions(
  globals: GlobalOptions,
  target: Target,
  sweep: Omit<NonNullable<GlobalOptions["sweep"]>, "label">,
): GlobalOptions {
  return {
    ...globals,
    profile: target.kind === "profile" ? target.profile : globals.profile,
    roleArn: target.kind === "role" ? target.roleArn : undefined,
    profiles: undefined,
    accounts: undefined,
    orgRole: undefined,
    excludeAccounts: undefined,
    out: undefined,
    outDir: undefined,
    sweep: { ...sweep, label: target.label },
  };
}

/** Table columns of a sweep: the account and its label lead. */
function withAccountColumns(columns: readonly string[]): string[] {
  return ["account", "accountLabel", ...columns.filter((c) => c !== "account" && c !== "accountLabel")];
}

function nameOf(o: Outcome): string {
  const account = o.result?.account ?? o.target.account;
  const who = account ?? targetName(o.target);
  return o.target.label === null ? who : `${who} (${o.target.label})`;
}

function failureLinesOf(o: Outcome): string[] {
  if (o.error !== undefined) {
    const hint = o.error.suggestion ? `\n  → ${o.error.suggestion}` : "";
    return [`awstriage: account ${nameOf(o)} failed (${targetName(o.target)}): ${o.error.message}${hint}`];
  }
  return (o.result?.failures ?? []).map(
    (f) => `awstriage: account ${nameOf(o)}: ${f.resource} failed in ${f.region}: ${f.reason}`,
  );
}
