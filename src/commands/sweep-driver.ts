/**
 * The driver's many-account path (`--profiles`, `--accounts FILE|org`): one AccountSession per
 * target, all sharing one `--concurrency` limiter; each account's invocation is collected
 * (sweep/sweep.ts), the results merged (sweep/merge.ts) and presented once.
 */
import { AccountSession } from "../run/account-session.js";
import { createLimiter } from "../run/concurrency.js";
import { Invocation } from "../run/invocation.js";
import type { AccountResult } from "../run/result.js";
import { present } from "../output/present.js";
import { writeStderr } from "../output/progress.js";
import type { GlobalOptions } from "../options/options.js";
import { invocationSpecOf, presentOptionsOf, sessionSpecOf } from "../options/specs.js";
import {
  failureLinesOf,
  resolveTargets,
  sweepAccounts,
  withAccountColumns,
  withSweepIncidents,
} from "../sweep/sweep.js";
import { mergeRecords, sweepContextLine, sweepDocument, sweepExitCode, type Outcome } from "../sweep/merge.js";
import { FreshnessNotice, sweepCountAfter, sweepFreshnessLine } from "../output/freshness.js";
import type { Target } from "../sweep/targets.js";
import { openInvocation, type Collect } from "./open-invocation.js";

export async function driveSweep(command: string, globals: GlobalOptions, collect: Collect): Promise<number> {
  const targets = await resolveTargets(globals, () => openInvocation({ ...globals, roleArn: undefined }));
  const callLimit = createLimiter(globals.concurrency);
  // Each account's sources as they arrive, for the freshness line said before any warning.
  const started: Invocation[] = [];
  let finished = 0;
  const notice = new FreshnessNotice(globals.quiet, writeStderr);
  notice.watch(() =>
    sweepFreshnessLine(
      started.map((i) => i.sources),
      targets.length,
      Date.now(),
      finished < targets.length,
      globals.offline,
    ),
  );
  let outcomes: Outcome[];
  try {
    outcomes = await sweepAccounts(targets, globals.concurrency, async (target, progress) => {
      const session = AccountSession.create(sessionSpecOf(globals, { ...sessionOf(target, globals), callLimit }));
      const invocation = new Invocation(session, invocationSpecOf(globals), { progress });
      started.push(invocation);
      return collectAccount(invocation, collect).finally(() => {
        finished += 1;
      });
    });
  } finally {
    notice.stop();
  }
  const first = outcomes.find((o) => o.result !== undefined)?.result?.input ?? { command, records: [] };
  const input = withSweepIncidents(first, outcomes);
  const key = input.key ?? "records";
  const records = mergeRecords(outcomes, key, globals.raw);
  // The regions asked for stay named when every account failed before its regions were known.
  const asked = Array.isArray(globals.regions) ? globals.regions : [];
  const regions = [...new Set([...asked, ...outcomes.flatMap((o) => o.result?.regions ?? [])])].sort();
  // Accounts that answered: how many were served (partly) from the cache, and the oldest entry.
  const answered = outcomes.flatMap((o) => (o.result === undefined ? [] : [o.result.sources]));
  notice.final(sweepFreshnessLine(answered, answered.length, Date.now(), false, globals.offline), sweepCountAfter);
  if (!globals.quiet) writeStderr(sweepContextLine(outcomes, regions));
  const document = sweepDocument(outcomes, regions, globals.profile ?? null);
  return present(presentOptionsOf(globals), input, records, {
    regions,
    accounts: (document.accounts ?? []).map(({ account, accountLabel, failed }) => ({ account, accountLabel, failed })),
    failureLines: outcomes.flatMap(failureLinesOf),
    exitCode: sweepExitCode(outcomes),
    now: Date.now(),
    document,
    ...(input.columns === undefined || globals.raw ? {} : { columns: withAccountColumns(input.columns) }),
  });
}

/** A profile target is its profile; a role target is assumed with the base profile's credentials. */
function sessionOf(
  target: Target,
  globals: GlobalOptions,
): { profile: string | undefined; roleArn: string | undefined } {
  return target.kind === "profile"
    ? { profile: target.profile, roleArn: undefined }
    : { profile: globals.profile, roleArn: target.roleArn };
}

/** One account: the command's result with the invocation's identity, regions, sources and failures. */
async function collectAccount(invocation: Invocation, collect: Collect): Promise<AccountResult> {
  const input = await collect(invocation);
  const records = [...input.records];
  const { identity, regions, sources, failures, exitCode } = await invocation.outcome();
  return {
    input,
    records,
    account: identity.account,
    arn: identity.arn,
    profile: invocation.profile,
    regions,
    sources,
    failures,
    exitCode: exitCode || (input.exitCode ?? 0),
  };
}
