/**
 * `awstriage diff OLD.json NEW.json`: what changed between two `triage --out` documents.
 * Reads two files; no AWS, no credentials, no cache.
 */
import type { Command } from "commander";
import { BoundedReadError, readBoundedFile } from "../fs/bounded-read.js";
import * as z from "zod/mini";
import {
  countChanges,
  diffFindings,
  type DocumentSource,
  parseFindingsDocument,
  worsened,
  CHANGES,
  type DiffEntry,
} from "../rules/diff.js";
import { failOnExitCode, severityOption } from "../rules/severity.js";
import { renderDiffTable } from "../output/findings-table.js";
import { writeRecords } from "../output/format.js";
import { tableView } from "../output/table-view.js";
import { UsageError } from "../errors/errors.js";
import { writeStderr } from "../output/progress.js";
import { sameFetch } from "../output/freshness.js";
import type { Finding, Severity } from "../records/index.js";
import { announceWhenQuiet, loadConfig } from "../config/load.js";
import { rejudge } from "../rules/engine.js";
import { countIncidentChanges } from "../incidents/diff.js";
import { ownAction, parseLocal } from "./command.js";
import { errnoText } from "../fs/errno-text.js";

/** A triage --out document of a thousand-account sweep is tens of MB; 256 MiB is not one. */
const DOCUMENT_MAX_BYTES = 256 << 20;

const diffOptionsSchema = z.object({ failOn: severityOption, config: z.optional(z.string()) });

export async function readFindingsDocument(
  path: string,
): Promise<{ findings: Finding[]; generatedAt: string | null; sources: DocumentSource[] }> {
  let text: string;
  try {
    // Bounded and interruptible like every named file (a FIFO or /dev/zero is exit 2).
    text = (await readBoundedFile(path, DOCUMENT_MAX_BYTES)).text;
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    const { problem } = error;
    throw new UsageError(
      `cannot read ${path}: ${problem.kind === "unreadable" ? errnoText(problem.code) : error.message}`,
    );
  }
  const parsed = parseFindingsDocument(text);
  if (!parsed.ok)
    throw new UsageError(`${path}: ${parsed.reason}`, "compare documents written by `awstriage triage --out FILE`");
  return parsed;
}

/** With a diff, `--fail-on` looks only at what got worse: new findings, and old ones whose severity rose. */
export function diffExitCode(entries: readonly DiffEntry[], failOn: Severity | undefined): number {
  return failOnExitCode([...entries.filter((e) => e.change === "new"), ...worsened(entries)], failOn);
}

/** ` | incidents: 1 new, 0 resolved, 2 ongoing`, matched by their members; empty when neither document has any. */
export function incidentSummary(before: readonly Finding[], after: readonly Finding[]): string {
  if (![...before, ...after].some((f) => f.incident != null)) return "";
  const c = countIncidentChanges(before, after);
  return ` | incidents: ${c.new} new, ${c.resolved} resolved, ${c.ongoing} ongoing`;
}

export function diffSummary(entries: readonly DiffEntry[]): string {
  const counts = countChanges(entries);
  return CHANGES.map((c) => `${counts[c]} ${c}`).join(", ");
}

export async function writeDiff(
  entries: readonly DiffEntry[],
  format: "json" | "ndjson" | "table",
  options: { wide: boolean } = { wide: false },
): Promise<void> {
  // Two documents may cover different regions: the region column stays.
  if (format === "table") process.stdout.write(renderDiffTable(entries, tableView(options, 0)));
  else await writeRecords(entries, format);
}

export function register(diff: Command): void {
  diff
    .option(
      "--fail-on <severity>",
      "exit 6 if a new (or worsened) finding is this severe or worse: critical, high, medium, low, info",
    )
    .option("--config <file>", "with --fail-on: the config file whose judgement applies (default: as triage finds it)")
    .action(
      ownAction(async (globals, local, [oldPath, newPath]) => {
        const { failOn, config: configFlag } = parseLocal(diffOptionsSchema, local);
        if (globals.out !== undefined)
          throw new UsageError("--out is not supported by diff", "redirect stdout instead: -o json > diff.json");
        if (configFlag !== undefined && failOn === undefined)
          throw new UsageError("--config applies only with --fail-on", "add --fail-on SEVERITY, or drop --config");
        // Only --fail-on judges; a plain diff never reads (or trips over) a config file.
        const config = failOn === undefined ? undefined : await loadConfig({ flag: configFlag });
        if (config !== undefined) announceWhenQuiet(config, globals.quiet);
        const [before, after] = await Promise.all([
          readFindingsDocument(oldPath as string),
          readFindingsDocument(newPath as string),
        ]);
        const entries = diffFindings(before.findings, after.findings);
        if (!globals.quiet) {
          writeStderr(
            `awstriage: diff ${oldPath} (${before.generatedAt ?? "undated"}) → ${newPath} (${after.generatedAt ?? "undated"}) | ${diffSummary(entries)}${incidentSummary(before.findings, after.findings)}${config ? ` | config ${config.file?.path ?? "none"}` : ""}\n`,
          );
        }
        // Two `--out` a few minutes apart inside the TTL hold the same fetch: "0 new" means nothing then.
        const same = sameFetch(before.sources, after.sources);
        if (same)
          writeStderr(
            `awstriage: warning: both documents were built from the same cache entries (nothing was refetched between them)${failOn === undefined ? "" : `; --fail-on ${failOn} judged no newer data`}\n  → run the second with --force (or a --ttl shorter than the time between them)\n`,
          );
        await writeDiff(entries, globals.output, globals);
        // A configured severity applies to both documents, so it alone never reads as "worsened".
        const judged =
          config === undefined
            ? entries
            : rejudge(entries, config.settings, new Date().toISOString().slice(0, 10)).map((e) =>
                config.settings.rules[e.ruleId]?.severity !== undefined && e.previousSeverity !== null
                  ? { ...e, previousSeverity: e.severity }
                  : e,
              );
        return diffExitCode(judged, failOn);
      }),
    );
}
