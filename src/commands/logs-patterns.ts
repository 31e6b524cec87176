/**
 * `awstriage logs patterns GROUP [--since D] [--filter P] [--max-events N]`: a group's error
 * lines over a window grouped into signatures (logs/signatures.ts), most frequent first: what
 * triage puts on an error finding as `logSignatures`, for any group. Cached like triage's read
 * of the same group, window, pattern and bound (sources/log-evidence.ts).
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { LogPatternRecord } from "../records/index.js";
import { LogGroupNotFoundError } from "../errors/errors.js";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import {
  DEFAULT_EVIDENCE_EVENTS,
  DEFAULT_EVIDENCE_PATTERN,
  evidenceRecord,
  logEvidenceSpec,
  type EvidenceQuery,
} from "../sources/log-evidence.js";
import { checkWindowOrder, resolveRunWindow, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { rawResult, recordsResult } from "./results.js";
import { action, parseLocal, subcommand } from "./command.js";
import { logGroupNameSchema, positiveInt } from "./option-schemas.js";

/** Every signature of the group is listed, not triage's top three. */
const ALL_SIGNATURES = Number.POSITIVE_INFINITY;
const MAX_EVENTS_CEILING = 10_000;

export const PATTERN_COLUMNS = ["count", "share", "signature", "firstAt", "lastAt", "region"] as const;

export const patternsOptionsSchema = z
  .object({
    group: logGroupNameSchema,
    filter: z.optional(z.string().check(z.minLength(1, "--filter needs a pattern, e.g. ?ERROR ?Exception"))),
    maxEvents: positiveInt("--max-events", MAX_EVENTS_CEILING),
    ...windowFlags(),
  })
  .check(checkWindowOrder);

/** `logs patterns`: a group's error lines in a window grouped into signatures, per region. */
export async function collectPatterns(
  run: Invocation,
  options: z.output<typeof patternsOptionsSchema> & { raw: boolean },
): Promise<CommandResult> {
  const query: EvidenceQuery = {
    logGroupName: options.group,
    pattern: options.filter ?? DEFAULT_EVIDENCE_PATTERN,
    maxEvents: options.maxEvents ?? DEFAULT_EVIDENCE_EVENTS,
    since: options.since.text,
    until: options.until?.text,
    window: resolveRunWindow(run, options),
  };
  const spec = logEvidenceSpec(query);
  if (options.raw) return rawResult(run, "logs patterns", spec);
  const records: LogPatternRecord[] = [];
  const reads = await run.fetchAllRegions(spec);
  // A group that is not there is a wrong name, not a quiet group: said, and exit 2 where no region has it.
  const missing = reads.filter((read) => read.items[0]?.missing === true).map((read) => read.region);
  if (missing.length > 0 && missing.length === reads.length)
    throw new LogGroupNotFoundError(query.logGroupName, missing.join(", "));
  for (const region of missing) run.log.warn({ region }, `no log group ${query.logGroupName} in ${region}`);
  for (const read of reads) {
    const where = { account: read.account, region: read.region, resourceType: "logs:log-group" };
    const evidence = evidenceRecord(read.items[0], { ...where, resourceId: query.logGroupName }, query, ALL_SIGNATURES);
    if (!evidence.complete)
      run.log.warn(
        { region: read.region },
        `read the first ${evidence.eventsRead} matching lines of ${query.logGroupName} in ${read.region} only: counts and shares are of those (raise --max-events or narrow --since)`,
      );
    for (const s of evidence.signatures)
      records.push({
        account: read.account,
        region: read.region,
        logGroupName: query.logGroupName,
        ...s,
        eventsRead: evidence.eventsRead,
        complete: evidence.complete,
      });
  }
  return recordsResult("logs patterns", records, PATTERN_COLUMNS);
}

export function registerPatterns(logs: Command): void {
  subcommand(logs, "patterns <group>", "GROUP's error lines in a window grouped into signatures, most frequent first")
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option("--filter <pattern>", `the lines to read (default: ${DEFAULT_EVIDENCE_PATTERN})`)
    .option("--max-events <n>", `read at most this many lines (default: ${DEFAULT_EVIDENCE_EVENTS})`)
    .action(
      action((globals, local, args) => {
        const options = { ...parseLocal(patternsOptionsSchema, { ...local, group: args[0] }), raw: globals.raw };
        return (run) => collectPatterns(run, options);
      }),
    );
}
