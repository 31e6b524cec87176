/**
 * A sweep: one command over many accounts (`--profiles`, `--accounts FILE`) in one process.
 * Each account is an AccountSession of its own (its profile or role, its identity folder in
 * the cache, its per-endpoint bounds, one AssumeRole), all sharing one `--concurrency` limiter
 * and one progress line. Each account's invocation returns its result (run/result.ts); the
 * sweep collects them, merges, names the accounts that failed, and the driver presents once.
 */
import { loadSharedConfig, type SharedConfig } from "../aws/config-files.js";
import { mapLimitSettled } from "../run/concurrency.js";
import { AwstriageError, fail, UsageError } from "../errors/errors.js";
import { createProgress, type Progress } from "../output/progress.js";
import type { Invocation } from "../run/invocation.js";
import type { AccountResult, CommandResult } from "../run/result.js";
import type { Finding, IncidentSummary } from "../records/index.js";
import { summarizeIncidents } from "../incidents/summary.js";
import { entryPointsOf } from "../incidents/attach.js";
import { checkTargets, parseAccounts, profileTargets, readAccountsFile, targetName, type Target } from "./targets.js";
import type { Outcome } from "./merge.js";

/** The sweep flags: which accounts, and the base profile roles are assumed with. */
export interface TargetSpec {
  /** The base profile (`--profile`, `$AWS_PROFILE`). */
  profile: string | undefined;
  /** `--profiles a,b,c`. */
  profiles: string | undefined;
  /** `--accounts FILE` (`-` = stdin), or `org`. */
  accounts: string | undefined;
  orgRole: string | undefined;
  excludeAccounts: string | undefined;
  offline: boolean;
}

/** The targets of the sweep flags, checked: exit 2 for a bad list, 3 for a profile the config lacks. */
export async function resolveTargets(
  globals: TargetSpec,
  /** An invocation of the base profile, for `--accounts org` (Organizations ListAccounts). */
  openBase: () => Invocation,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Target[]> {
  const shared = loadSharedConfig(env);
  checkBaseProfile(globals, shared, globals.accounts === "org");
  const listed =
    globals.accounts === "org"
      ? await (await import("./org.js")).orgTargets(globals, openBase)
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
function checkBaseProfile(globals: TargetSpec, shared: SharedConfig, needed: boolean): void {
  if (!needed) return;
  if (globals.profile === undefined) throw fail("NoProfile", {});
  if (!globals.offline && !shared.profiles.has(globals.profile))
    throw fail("ProfileNotFound", {
      profile: globals.profile,
      configFile: shared.configFile,
      credentialsFile: shared.credentialsFile,
    });
}

/**
 * Runs `work` once per target, at most `concurrency` accounts at a time, with one shared
 * progress line: an account that fails (an AwstriageError) fails alone; a bug is rethrown.
 */
export async function sweepAccounts(
  targets: readonly Target[],
  concurrency: number,
  work: (target: Target, progress: Progress) => Promise<AccountResult>,
): Promise<Outcome[]> {
  const progress = createProgress();
  const settled = await mapLimitSettled(targets, concurrency, (target) =>
    work(target, accountProgress(progress, target)),
  );
  progress.stop();
  return settled.map((s, i) => {
    const target = targets[i] as Target;
    if (s.status === "fulfilled") return { target, result: s.value, exitCode: s.value.exitCode };
    if (!(s.reason instanceof AwstriageError)) throw s.reason; // a bug: exit 1
    return { target, error: s.reason };
  });
}

/** triage: every account's incidents ranked together (each account ranked only its own). */
export function withSweepIncidents(input: CommandResult, outcomes: readonly Outcome[]): CommandResult {
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

/** Table columns of a sweep: the account and its label lead. */
export function withAccountColumns(columns: readonly string[]): string[] {
  return ["account", "accountLabel", ...columns.filter((c) => c !== "account" && c !== "accountLabel")];
}

function nameOf(o: Outcome): string {
  const account = o.result?.account ?? o.target.account;
  const who = account ?? targetName(o.target);
  return o.target.label === null ? who : `${who} (${o.target.label})`;
}

export function failureLinesOf(o: Outcome): string[] {
  if (o.error !== undefined) {
    const hint = o.error.suggestion ? `\n  → ${o.error.suggestion}` : "";
    return [`awstriage: account ${nameOf(o)} failed (${targetName(o.target)}): ${o.error.message}${hint}`];
  }
  return (o.result?.failures ?? []).map(
    (f) => `awstriage: account ${nameOf(o)}: ${f.resource} failed in ${f.region}: ${f.reason}`,
  );
}
