/**
 * The end of every data command: context line to stderr, records to stdout, the `--out`
 * document, and the exit code. Records are printed before anything that can still fail,
 * so nothing fetched is lost to a later error.
 */
import type { Run } from "../run.js";
import { formatFailure } from "../run/fan-out.js";
import { contextLine } from "../output/context-line.js";
import { writeRecords } from "../output/format.js";
import { documentSources, writeJsonAtomic, DOCUMENT_SCHEMA_VERSION, type OutDocument } from "../output/document.js";
import { AwstriageError, ExitCode } from "../errors.js";
import { writeStderr } from "../progress.js";
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
  table?: () => string;
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
  if (!run.options.quiet) {
    writeStderr(
      contextLine(
        { account: identity.account, regions, profile: run.profile, arn: identity.arn, roleArn: run.options.roleArn },
        run.sources,
      ),
    );
  }
  // A closed stdout stops the printing only: --out, the failures and the exit code still follow.
  const stdout = stdoutSink();
  if (input.table !== undefined && run.options.output === "table") stdout.write(input.table());
  else
    await writeRecords(records, run.options.output, {
      stream: stdout,
      ...(input.columns ? { columns: input.columns } : {}),
    });
  // After the records, where a person looks last: which regions are missing and why.
  for (const failure of run.failures) writeStderr(`${formatFailure(failure)}\n`);
  if (run.options.out !== undefined) {
    const document: OutDocument = {
      schemaVersion: DOCUMENT_SCHEMA_VERSION,
      generatedAt: new Date(run.now).toISOString(),
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
