/**
 * The end of every data command: context line to stderr, records to stdout, the `--out`
 * document, and the exit code. Records are printed before anything that can still fail,
 * so nothing fetched is lost to a later error.
 */
import type { Run } from "../run.js";
import { formatFailure } from "../run/fan-out.js";
import { contextLine } from "../output/context-line.js";
import { writeRecords } from "../output/format.js";
import type { TableView } from "../output/table-fit.js";
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import { describeRegions, nothingFound, tableView } from "../output/table-view.js";
import { documentSources, writeJsonAtomic, DOCUMENT_SCHEMA_VERSION, type OutDocument } from "../output/document.js";
import { AwstriageError, ExitCode } from "../errors.js";
import { writeStderr } from "../progress.js";
import { isoAt } from "../json-dates.js";
import { stdoutSink } from "../stdout.js";

export interface EmitInput {
  /** The command as typed, e.g. "ec2 list". */
  command: string;
  /** An array, or (a large result) an iterable read once as it is printed. */
  records: Iterable<unknown>;
  columns?: readonly string[];
  /** `findings` for triage, `records` for everything else. */
  key?: "records" | "findings";
  /** The `table` output, when a command has its own (triage's summary grouped by severity). */
  table?: (view: TableView) => string;
  /**
   * What to say on stderr (on a terminal) when there is nothing to print, given the regions as
   * words (`eu-west-1`, `17 regions`): `0 of 55 instances match --state terminated`.
   */
  emptyNote?: (where: string) => string;
}

export async function emit(run: Run, input: EmitInput): Promise<number> {
  // The --out document needs the records a second time, so a stream is gathered first.
  const records = run.options.out !== undefined && !Array.isArray(input.records) ? [...input.records] : input.records;
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
  if (regions.length > 1) run.log.debug({ regions }, `${regions.length} regions`);
  if (!run.options.quiet) {
    writeStderr(
      contextLine(
        {
          account: identity.account,
          regions,
          profile: run.profile,
          arn: identity.arn,
          roleArn: run.options.roleArn,
          homeRegion: run.homeRegion,
        },
        run.sources,
        process.stderr.isTTY ? process.stderr.columns : undefined,
      ),
    );
  }
  const view = tableView(run.options, regions.length);
  // A closed stdout stops the printing only: --out, the failures and the exit code still follow.
  const stdout = stdoutSink();
  let count: number | undefined;
  if (input.table !== undefined && run.options.output === "table") {
    stdout.write(input.table(view));
    count = Array.isArray(records) ? records.length : undefined;
  } else {
    // --raw prints AWS's own items: no per-command layout, every column is free text.
    const layout = run.options.raw ? undefined : TABLE_LAYOUTS[input.command];
    count = await writeRecords(records, run.options.output, { stream: stdout, columns: input.columns, layout, view });
  }
  // stdout stays as it is (nothing, or `[]`); a person at a terminal is told why.
  if (count === 0 && !run.options.quiet && process.stderr.isTTY) {
    const where = describeRegions(regions);
    writeStderr(`awstriage: ${input.emptyNote?.(where) ?? nothingFound(input.command, where)}\n`);
  }
  // After the records, where a person looks last: which regions are missing and why.
  for (const failure of run.failures) writeStderr(`${formatFailure(failure)}\n`);
  if (run.options.out !== undefined) {
    const document: OutDocument = {
      schemaVersion: DOCUMENT_SCHEMA_VERSION,
      generatedAt: isoAt(run.now),
      command: input.command,
      context: { account: identity.account, regions: [...regions], profile: run.profile, arn: identity.arn },
      sources: documentSources(run.sources),
      ...(run.failures.length > 0
        ? { failures: run.failures.map(({ region, resource, reason }) => ({ region, resource, reason })) }
        : {}),
      [input.key ?? "records"]: records,
    };
    try {
      await writeJsonAtomic(run.options.out, document);
    } catch (error) {
      if (!(error instanceof AwstriageError)) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        writeStderr(`awstriage: could not write --out ${run.options.out}: ${code}\n`);
        return run.exitCode() || ExitCode.usage;
      }
      writeStderr(`awstriage: ${error.message}\n${error.suggestion ? `  → ${error.suggestion}\n` : ""}`);
      return run.exitCode() || error.exitCode;
    }
  }
  return run.exitCode();
}
