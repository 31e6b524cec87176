/**
 * The end of every data command: context line to stderr, records to stdout, the `--out`
 * document, and the exit code. Records are printed before anything that can still fail,
 * so nothing fetched is lost to a later error.
 */
import type { Run } from "../run/run.js";
import { formatFailure } from "../run/fan-out.js";
import { contextLine } from "../output/context-line.js";
import { writeRecords } from "../output/format.js";
import type { TableView } from "../output/table-fit.js";
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import { describeRegions, nothingFound, tableView } from "../output/table-view.js";
import { documentSources, writeJsonAtomic, DOCUMENT_SCHEMA_VERSION, type OutDocument } from "../output/document.js";
import { AwstriageError, ExitCode } from "../errors/errors.js";
import { writeStderr } from "../output/progress.js";
import type { GlobalOptions } from "../options/options.js";
import { isoAt } from "../time/json-dates.js";
import { writeOutDir } from "../output/out-dir.js";
import type { AccountOfRun } from "../triage/by-account.js";
import { stdoutSink } from "../output/stdout.js";

export interface EmitInput {
  /** The command as typed, e.g. "ec2 list". */
  command: string;
  /** An array, or (a large result) an iterable read once as it is printed. */
  records: Iterable<unknown>;
  columns?: readonly string[];
  /** `findings` for triage, `records` for everything else. */
  key?: "records" | "findings";
  /** The `table` output, when a command has its own (triage's summary grouped by severity). */
  table?: (view: TableView, records: readonly unknown[]) => string;
  /**
   * What to say on stderr (on a terminal) when there is nothing to print, given the regions as
   * words (`eu-west-1`, `17 regions`): `0 of 55 instances match --state terminated`.
   */
  emptyNote?: (where: string) => string;
  /** What else the `--out` document records (triage: metrics queried per region, suppressed findings). */
  document?: Pick<OutDocument, "metricsQueried" | "suppressed" | "incidents">;
  /** A line for stderr after the records, outside -o table (triage: findings by severity). */
  summary?: (records: readonly unknown[]) => string;
  /**
   * Another view of the records for stdout (`triage --by account`), given every account of the
   * run; `--out` keeps the records themselves.
   */
  view?: {
    rows(records: readonly unknown[], accounts: readonly AccountOfRun[]): unknown[];
    columns: readonly string[];
  };
  /** A judging command's config file (null for none): on the context line and in `--out`. */
  config?: { path: string; sha256: string } | null;
}

/** What `present` needs besides the records: the run's (or the sweep's) context. */
export interface Presentation {
  regions: readonly string[];
  /** Named on stderr after the records, one line each. */
  failureLines: readonly string[];
  exitCode: number;
  now: number;
  /** The `--out` document without its records. */
  document: Pick<OutDocument, "context" | "sources" | "failures" | "accounts">;
  /** Where the table output is too narrow to tell accounts apart, the sweep shows them. */
  columns?: readonly string[] | undefined;
  /** Every account of the run (one, or a sweep's), for `view`. */
  accounts: readonly AccountOfRun[];
}

export async function emit(run: Run, input: EmitInput): Promise<number> {
  const sweep = run.options.sweep;
  // The --out document (and a sweep's merge) needs the records a second time, so a stream is gathered first.
  const gather =
    (run.options.out !== undefined || run.options.outDir !== undefined || sweep !== undefined) &&
    !Array.isArray(input.records);
  const records = gather ? [...input.records] : input.records;
  // When STS gives no account (offline without a cached identity, or STS denied), the data envelopes name it.
  let identity = { account: run.dataAccount(), arn: null as string | null };
  try {
    const id = await run.identity();
    identity = { account: id.account ?? identity.account, arn: id.arn };
  } catch (error) {
    run.log.warn(`could not confirm the caller identity: ${error instanceof Error ? error.message : String(error)}`);
  }
  run.stopProgress();
  const regions = await run.regions();
  if (sweep !== undefined) {
    // One account of a sweep: the sweep prints every account's records together (src/sweep/).
    sweep.collect({
      input,
      records: [...records],
      account: identity.account,
      arn: identity.arn,
      profile: run.profile,
      regions,
      sources: run.sources,
      failures: run.failures,
      exitCode: run.exitCode(),
    });
    return run.exitCode();
  }
  if (regions.length > 1) run.log.debug({ regions }, `${regions.length} regions`);
  if (!run.options.quiet) {
    writeStderr(
      contextLine(
        {
          account: identity.account,
          regions,
          profile: run.profile,
          credentials: run.credentials,
          arn: identity.arn,
          roleArn: run.options.roleArn,
          homeRegion: run.homeRegion,
          ...(input.config !== undefined ? { configPath: input.config?.path ?? null } : {}),
        },
        run.sources,
        process.stderr.isTTY ? process.stderr.columns : undefined,
      ),
    );
  }
  return present(run.options, input, records, {
    regions,
    accounts: [{ account: identity.account, accountLabel: null, failed: run.failures.length > 0 }],
    failureLines: run.failures.map(formatFailure),
    exitCode: run.exitCode(),
    now: run.now,
    document: {
      context: { account: identity.account, regions: [...regions], profile: run.profile, arn: identity.arn },
      sources: documentSources(run.sources),
      ...(run.failures.length > 0
        ? { failures: run.failures.map(({ region, resource, reason }) => ({ region, resource, reason })) }
        : {}),
    },
  });
}

/** Records to stdout, the failures to stderr, the `--out` document, and the exit code. */
export async function present(
  options: GlobalOptions,
  input: EmitInput,
  given: Iterable<unknown>,
  p: Presentation,
): Promise<number> {
  // A view needs the records held (its rows, then --out); otherwise a stream stays a stream.
  const records = input.view !== undefined && !Array.isArray(given) ? [...given] : given;
  const view = tableView(options, p.regions.length);
  // A closed stdout stops the printing only: --out, the failures and the exit code still follow.
  const stdout = stdoutSink();
  let count: number | undefined;
  const columns = p.columns ?? input.columns;
  if (input.view !== undefined && Array.isArray(records)) {
    const rows = input.view.rows(records, p.accounts);
    count = await writeRecords(rows, options.output, { stream: stdout, columns: input.view.columns, view });
  } else if (input.table !== undefined && options.output === "table") {
    const all = Array.isArray(records) ? records : [...records];
    stdout.write(input.table(view, all));
    count = all.length;
  } else {
    // --raw prints AWS's own items: no per-command layout, every column is free text.
    const layout = options.raw || p.columns !== undefined ? undefined : TABLE_LAYOUTS[input.command];
    count = await writeRecords(records, options.output, { stream: stdout, columns, layout, view });
  }
  // stdout stays as it is (nothing, or `[]`); a person at a terminal is told why.
  if (count === 0 && !options.quiet && process.stderr.isTTY) {
    const where = describeRegions(p.regions);
    writeStderr(`awstriage: ${input.emptyNote?.(where) ?? nothingFound(input.command, where)}\n`);
  }
  if (input.summary !== undefined && !options.quiet && options.output !== "table" && Array.isArray(records))
    writeStderr(`awstriage: ${input.summary(records)}\n`);
  // After the records, where a person looks last: which regions are missing and why.
  for (const line of p.failureLines) writeStderr(`${line}\n`);
  if (options.out === undefined && options.outDir === undefined) return p.exitCode;
  const kept = Array.isArray(records) ? records : [...records];
  const document: OutDocument = {
    schemaVersion: DOCUMENT_SCHEMA_VERSION,
    generatedAt: isoAt(p.now),
    command: input.command,
    ...p.document,
    ...input.document,
    [input.key ?? "records"]: kept,
    ...(input.config !== undefined ? { config: input.config } : {}),
  };
  const writes: Array<[flag: string, target: string, write: () => Promise<unknown>]> = [];
  if (options.out !== undefined) {
    const out = options.out;
    writes.push(["--out", out, () => writeJsonAtomic(out, document)]);
  }
  if (options.outDir !== undefined) {
    const dir = options.outDir;
    writes.push(["--out-dir", dir, () => writeOutDir(dir, input.command, document.generatedAt, kept, document)]);
  }
  for (const [flag, target, write] of writes) {
    try {
      await write();
    } catch (error) {
      if (!(error instanceof AwstriageError)) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        writeStderr(`awstriage: could not write ${flag} ${target}: ${code}\n`);
        return p.exitCode || ExitCode.usage;
      }
      writeStderr(`awstriage: ${error.message}\n${error.suggestion ? `  → ${error.suggestion}\n` : ""}`);
      return p.exitCode || error.exitCode;
    }
  }
  return p.exitCode;
}
