/**
 * The one end of every data command: records to stdout (json, ndjson, or a table), the
 * failures to stderr, the `--out` document and `--out-dir` files, and the exit code. It is
 * given a command's result (what `collect` returned) with its context, for one account or a
 * sweep's merged accounts alike, and prints; nothing before it prints records.
 */
import { writeRecords } from "./format.js";
import type { TableView } from "./table-fit.js";
import { sweepLayout, TABLE_LAYOUTS, type TableLayout } from "./table-layouts.js";
import { describeRegions, nothingFound, tableView } from "./table-view.js";
import { writeJsonAtomic, DOCUMENT_SCHEMA_VERSION, type OutDocument } from "./document.js";
import { AwstriageError, ExitCode } from "../errors/errors.js";
import { writeStderr } from "./progress.js";
import type { OutputFormat } from "../options/options.js";
import { isoAt } from "../time/json-dates.js";
import { writeOutDir } from "./out-dir.js";
import type { AccountOfRun } from "../triage/by-account.js";
import { stdoutSink } from "./stdout.js";
import { errnoText } from "../fs/errno-text.js";

/** The output flags `present` obeys. */
export interface PresentOptions {
  output: OutputFormat;
  raw: boolean;
  quiet: boolean;
  wide: boolean;
  out: string | undefined;
  outDir: string | undefined;
}

/** A command's result as it is presented: its records and how to show them. */
export interface Presentable {
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
  document?: Pick<OutDocument, "metricsQueried" | "suppressed" | "incidents" | "window">;
  /** A line for stderr after the records, outside -o table (triage: findings by severity). */
  summary?: (records: readonly unknown[]) => string;
  /**
   * Another view of the records for stdout (`triage --by account`), given every account of the
   * run; `--out` keeps the records themselves.
   */
  view?: {
    rows(records: readonly unknown[], accounts: readonly AccountOfRun[]): unknown[];
    columns: readonly string[];
    /** How its table fits the terminal (see table-layouts.ts). */
    layout?: TableLayout | undefined;
  };
  /** A judging command's config file (null for none): on the context line and in `--out`. */
  config?: { path: string; sha256: string } | null;
}

/** What `present` needs besides the records: the invocation's (or the sweep's) context. */
export interface Presentation {
  regions: readonly string[];
  /** Named on stderr after the records, one line each. */
  failureLines: readonly string[];
  exitCode: number;
  now: number;
  /** The `--out` document without its records. */
  document: Pick<OutDocument, "context" | "sources" | "failures" | "accounts" | "bundle">;
  /** Where the table output is too narrow to tell accounts apart, the sweep shows them. */
  columns?: readonly string[] | undefined;
  /** Every account of the run (one, or a sweep's), for `view`. */
  accounts: readonly AccountOfRun[];
}

/** Records to stdout, the failures to stderr, the `--out` document, and the exit code. */
export async function present(
  options: PresentOptions,
  input: Presentable,
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
    const { columns: viewColumns, layout } = input.view;
    count = await writeRecords(rows, options.output, { stream: stdout, columns: viewColumns, layout, view });
  } else if (input.table !== undefined && options.output === "table") {
    const all = Array.isArray(records) ? records : [...records];
    stdout.write(input.table(view, all));
    count = all.length;
  } else {
    // --raw prints AWS's own items: no per-command layout, every column is free text. A sweep's
    // columns (the account first) keep the command's layout.
    const own = options.raw ? undefined : TABLE_LAYOUTS[input.command];
    const layout = p.columns === undefined ? own : sweepLayout(own);
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
  const document = outDocument(input, p, kept);
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
        const code = errnoText((error as NodeJS.ErrnoException).code, String(error));
        writeStderr(`awstriage: could not write ${flag} ${target}: ${code}\n`);
        return p.exitCode || ExitCode.usage;
      }
      writeStderr(`awstriage: ${error.message}\n${error.suggestion ? `  → ${error.suggestion}\n` : ""}`);
      return p.exitCode || error.exitCode;
    }
  }
  return p.exitCode;
}

/** The `--out` document of a result (also what `bundle create` rebuilds from the last triage). */
export function outDocument(
  input: Presentable,
  p: Pick<Presentation, "now" | "document">,
  kept: unknown[],
): OutDocument {
  return {
    schemaVersion: DOCUMENT_SCHEMA_VERSION,
    generatedAt: isoAt(p.now),
    command: input.command,
    ...p.document,
    ...input.document,
    [input.key ?? "records"]: kept,
    ...(input.config !== undefined ? { config: input.config } : {}),
  };
}
