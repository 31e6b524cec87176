/** A sweep's accounts merged into one output: records, context line, `--out` document, exit code. */
import { type AwstriageError, ExitCode, partialFailureExitCode } from "../errors/errors.js";
import { compareText } from "../normalize/order.js";
import { documentSources, type AccountContext, type OutDocument } from "../output/document.js";
import { severityRank } from "../rules/severity.js";
import type { Severity } from "../records/index.js";
import type { AccountResult } from "../run/result.js";
import type { Target } from "./targets.js";

/** One account of the sweep: what it handed over, or why it failed. */
export interface Outcome {
  target: Target;
  result?: AccountResult;
  /** The command's own exit code (e.g. 6 for triage --fail-on). */
  exitCode?: number;
  error?: AwstriageError;
}

/** The record with `accountLabel` right after `account` (or last when it has none). */
export function withLabel(record: unknown, label: string | null): unknown {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return record;
  const entries = Object.entries(record as Record<string, unknown>).filter(([key]) => key !== "accountLabel");
  const at = entries.findIndex(([key]) => key === "account");
  entries.splice(at === -1 ? entries.length : at + 1, 0, ["accountLabel", label]);
  return Object.fromEntries(entries);
}

const field = (record: unknown, key: string): string => {
  const value = (record as Record<string, unknown> | null)?.[key];
  return typeof value === "string" ? value : "";
};

/**
 * Every account's records, labelled: records by account, then region (each account keeps its
 * own order within a region, which is by id); findings by severity, then account. `--raw`
 * items are AWS's own and stay as they are, in the order of the list.
 */
export function mergeRecords(outcomes: readonly Outcome[], key: "records" | "findings", raw: boolean): unknown[] {
  const all = outcomes.flatMap((o) => (o.result?.records ?? []).map((r) => (raw ? r : withLabel(r, o.target.label))));
  if (raw) return all;
  const compare =
    key === "findings"
      ? (a: unknown, b: unknown) =>
          severityRank(field(a, "severity") as Severity) - severityRank(field(b, "severity") as Severity) ||
          compareText(field(a, "account"), field(b, "account"))
      : (a: unknown, b: unknown) =>
          compareText(field(a, "account"), field(b, "account")) || compareText(field(a, "region"), field(b, "region"));
  // Array.prototype.sort is stable: within a key, each account's own order stays.
  return all.sort(compare);
}

/** `awstriage: 14 accounts × 3 regions (a,b,c), 2 failed | fetched 30, from cache 12`. */
export function sweepContextLine(outcomes: readonly Outcome[], regions: readonly string[]): string {
  const failed = outcomes.filter(isFailed).length;
  const n = outcomes.length;
  const count = `${regions.length} region${regions.length === 1 ? "" : "s"}`;
  const where = regions.length > 0 && regions.length <= 3 ? `${count} (${regions.join(",")})` : count;
  const sources = outcomes.flatMap((o) => o.result?.sources ?? []).filter((s) => s.script !== "sts");
  const fetched = sources.filter((s) => !s.fromCache).length;
  const fromCache = sources.length - fetched;
  const origin = [fetched > 0 ? `fetched ${fetched}` : "", fromCache > 0 ? `from cache ${fromCache}` : ""]
    .filter(Boolean)
    .join(", ");
  return `awstriage: ${n} account${n === 1 ? "" : "s"} × ${where}${failed > 0 ? `, ${failed} failed` : ""}${origin ? ` | ${origin}` : ""}\n`;
}

/** An account failed when it handed nothing over, or when every region of it failed. */
function isFailed(o: Outcome): boolean {
  return o.error !== undefined || (o.result?.failures.length ?? 0) > 0;
}

/**
 * Exit 3 when every account failed on its credentials; else the first failure's code (4, or 5
 * offline: a failed account among good ones is an incomplete sweep, never a clean one); else
 * the commands' own (6 for triage --fail-on).
 */
export function sweepExitCode(outcomes: readonly Outcome[]): number {
  const errors = outcomes.flatMap((o) => (o.error === undefined ? [] : [o.error]));
  if (errors.length === outcomes.length && errors.every((e) => e.exitCode === ExitCode.config)) return ExitCode.config;
  const failure =
    errors.map(partialFailureExitCode).find((c) => c !== ExitCode.ok) ??
    outcomes.flatMap((o) => o.result?.failures ?? []).find((f) => f.exitCode !== ExitCode.ok)?.exitCode;
  if (failure !== undefined) return failure;
  return outcomes.map((o) => o.exitCode ?? ExitCode.ok).find((c) => c !== ExitCode.ok) ?? ExitCode.ok;
}

/** The `--out` document's context, per-account contexts and failures. */
export function sweepDocument(
  outcomes: readonly Outcome[],
  regions: readonly string[],
  baseProfile: string | null,
): Pick<OutDocument, "context" | "sources" | "failures" | "accounts"> {
  const accounts: AccountContext[] = outcomes.map((o) => ({
    account: o.result?.account ?? o.target.account,
    accountLabel: o.target.label,
    profile: o.target.kind === "profile" ? o.target.profile : baseProfile,
    roleArn: o.target.kind === "role" ? o.target.roleArn : null,
    arn: o.result?.arn ?? null,
    regions: [...(o.result?.regions ?? [])],
    sources: documentSources(o.result?.sources ?? []),
    failed: isFailed(o),
  }));
  const failures = outcomes.flatMap((o) => {
    const who = { account: o.result?.account ?? o.target.account, accountLabel: o.target.label };
    if (o.error !== undefined) return [{ region: "*", resource: "account", reason: o.error.message, ...who }];
    return (o.result?.failures ?? []).map(({ region, resource, reason }) => ({ region, resource, reason, ...who }));
  });
  return {
    context: { account: null, regions: [...regions], profile: baseProfile, arn: null },
    accounts,
    sources: outcomes.flatMap((o) => documentSources(o.result?.sources ?? [])),
    ...(failures.length > 0 ? { failures } : {}),
  };
}
