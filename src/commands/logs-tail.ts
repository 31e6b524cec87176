/**
 * `awstriage logs tail GROUP [--follow] [--filter P] [--since D]`: the latest events of a group
 * (FilterLogEvents over the last 10 minutes), then with --follow new ones as they arrive
 * (follow.ts). Live: it never reads or writes the cache, so the account comes from one uncached
 * GetCallerIdentity. While following, output is a stream flushed per event: ndjson (also for
 * `-o json`, said once on stderr), or one aligned, terminal-safe line per event for `-o table`.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { FilteredLogEvent } from "../aws/logs.js";
import { UsageError } from "../errors/errors.js";
import { abortableSleep, follow } from "../logs/follow.js";
import { ExitCode } from "../process/exit-codes.js";
import { takeInterrupt } from "../process/interrupt.js";
import { LOG_EVENT_COLUMNS, normalizeLogEvent, sortLogEvents } from "../normalize/logs.js";
import type { GlobalOptions } from "../options/options.js";
import { contextLine } from "../output/context-line.js";
import { writeRecords } from "../output/format.js";
import { displayWidth, messageLines, terminalSafe, truncateToWidth } from "../output/terminal-text.js";
import { writeStderr } from "../output/progress.js";
import { watchStdoutReader } from "../output/stdout-reader.js";
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import { tableView } from "../output/table-view.js";
import { resolveRunWindow, sinceFlag } from "../time/window.js";
import { ownAction, parseLocal, subcommand } from "./command.js";
import { openInvocation } from "./open-invocation.js";
import { logGroupNameSchema } from "./option-schemas.js";

export const DEFAULT_TAIL_SINCE = "10m";
/** Stream names are padded to the widest seen so far, up to this many columns. */
const MAX_STREAM_COLUMNS = 40;

export const tailOptionsSchema = z.object({
  group: logGroupNameSchema,
  filter: z.optional(z.string()),
  since: sinceFlag(DEFAULT_TAIL_SINCE),
  follow: z.optional(z.boolean()),
});

/** Options that need an end, or a cache, which a live tail has not. */
function refuseUnsupported(globals: GlobalOptions): void {
  const hint = "use logs search for cached events, --out and --offline";
  if (globals.offline) throw new UsageError("logs tail is live: it cannot run --offline", hint);
  if (globals.out !== undefined) throw new UsageError("logs tail prints live events: it writes no --out file", hint);
  if (globals.outDir !== undefined)
    throw new UsageError("logs tail prints live events: it writes no --out-dir files", hint);
  if (globals.regions === "all" || (globals.regions?.length ?? 1) > 1)
    throw new UsageError("logs tail follows one region at a time", "pass --region with a single region");
}

/** One line per event for a terminal: timestamp, stream (padded to the widest so far), message; all terminal-safe. */
export function terminalLineWriter(): (record: {
  timestamp: string;
  logStreamName: string | null;
  message: string;
}) => string {
  let width = 0;
  return (record) => {
    const stream = truncateToWidth(terminalSafe(record.logStreamName ?? "-"), MAX_STREAM_COLUMNS);
    width = Math.max(width, displayWidth(stream));
    const padded = stream + " ".repeat(width - displayWidth(stream));
    // A stack trace keeps its lines, each under the message's first, two columns further in.
    const [first = "", ...rest] = messageLines(record.message);
    const indent = " ".repeat(displayWidth(`${record.timestamp}  ${padded}  `) + 2);
    return `${record.timestamp}  ${padded}  ${first}\n${rest.map((line) => `${`${indent}${line}`.trimEnd()}\n`).join("")}`;
  };
}

/**
 * Writes `text` and resolves once it has been handed to the OS, so each event is flushed whole;
 * false when stdout failed (the reader went away: `| head -1`), which ends the follow.
 */
function writeOut(text: string): Promise<boolean> {
  return new Promise((resolve) => process.stdout.write(text, (error) => resolve(!error)));
}

export function registerTail(logs: Command): void {
  subcommand(
    logs,
    "tail <group>",
    "the latest events of GROUP (last 10 minutes), and with --follow new ones as they arrive; live, never cached",
  )
    .option("--filter <pattern>", "CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = \"error\" }'")
    .option(
      "--since <when>",
      `how far back to start: a duration or a time, as logs search (default: ${DEFAULT_TAIL_SINCE})`,
    )
    .option(
      "--follow",
      "keep polling (every 1 s, slowing to 10 s while quiet) and print new events as they arrive, once each; " +
        "ndjson in a pipe, one line per event on a terminal; Ctrl-C stops (exit 130). " +
        "Following is live: it reads and writes no cache",
    )
    .action(
      ownAction(async (globals, local, args) => {
        const options = parseLocal(tailOptionsSchema, { ...local, group: args[0] });
        refuseUnsupported(globals);
        // The same AccountSession as every other command: profile, role, endpoints, identity.
        const run = openInvocation(globals);
        const [region] = (await run.regions()) as [string];
        const window = resolveRunWindow(run, { since: options.since });
        const logs = await import("../aws/logs.js");
        const input = { logGroupName: options.group, filterPattern: options.filter };
        const poll = async (startTime: number, endTime?: number, signal?: AbortSignal) => {
          const events: FilteredLogEvent[] = [];
          await logs.scanLogEvents(
            run.provider,
            region,
            { ...input, startTime, endTime },
            (e) => events.push(e),
            undefined,
            signal,
          );
          return events;
        };
        // Uncached on purpose: a tail reads and writes no cache. Asked once, alongside the first poll.
        const identity = run.session.askIdentity();
        identity.catch(() => undefined);
        const account = async () => (await identity.catch(() => undefined))?.Account ?? null;
        const sayContext = async () => {
          if (globals.quiet) return;
          const id = await identity.catch(() => undefined);
          const live = `live${options.follow ? ", following" : ""}`;
          const info = {
            account: id?.Account ?? null,
            regions: [region],
            profile: run.profile,
            credentials: run.session.credentials,
            arn: id?.Arn ?? null,
            roleArn: run.session.roleArn,
          };
          const width = process.stderr.isTTY ? process.stderr.columns : undefined;
          // On a narrow terminal the note is said short, so the region it follows is not cut for it.
          const long = ` | logs/events: ${live}, not cached`;
          const fits = width === undefined || displayWidth(contextLine(info, []).trimEnd() + long) < width;
          const suffix = fits ? long : ` | ${live}`;
          // Like every context line, it never wraps: the live note stays whole at the end.
          const line = contextLine(info, [], width === undefined ? undefined : width - displayWidth(suffix));
          writeStderr(line.replace(/\n$/, `${suffix}\n`));
        };
        const toRecord = (event: FilteredLogEvent, acct: string | null) =>
          globals.raw ? event : normalizeLogEvent(event, options.group, acct, region);

        if (!options.follow) {
          const events = sortLogEvents(await poll(window.startMs, window.endMs));
          const acct = await account();
          await sayContext();
          await writeRecords(
            events.map((e) => toRecord(e, acct)),
            globals.output,
            // Fitted to the terminal like every table (one region: no region column).
            {
              view: tableView(globals, 1),
              ...(globals.raw ? {} : { columns: LOG_EVENT_COLUMNS, layout: TABLE_LAYOUTS["logs tail"] }),
            },
          );
          return 0;
        }

        if (globals.output === "json" && globals.outputGiven === true && !globals.quiet)
          writeStderr("awstriage: following is a stream: writing ndjson (one event per line) instead of -o json\n");
        const controller = new AbortController();
        let interrupted = false;
        const release = takeInterrupt(() => {
          interrupted = true;
          controller.abort();
        });
        // A reader that went away while the group is quiet ends the follow too (see stdout-reader.ts).
        const unwatch = watchStdoutReader(() => controller.abort());
        try {
          const acct = await account();
          await sayContext();
          const line = terminalLineWriter();
          const stats = await follow(
            {
              poll: (startTime, signal) => poll(startTime, undefined, signal),
              print: async (event) => {
                const record = toRecord(event, acct);
                const written = await writeOut(
                  globals.output === "table" && !globals.raw
                    ? line(record as ReturnType<typeof normalizeLogEvent>)
                    : `${JSON.stringify(record)}\n`,
                );
                // Nobody reads any more: stop following (stdout.ts decides what that means for the exit code).
                if (!written) controller.abort();
              },
              sleep: abortableSleep,
              now: () => Date.now(),
              onThrottled: (error, pauseMs) => run.log.warn(`${error.message}; polling again in ${pauseMs / 1000} s`),
            },
            window.startMs,
            controller.signal,
          );
          run.log.debug(
            stats,
            `followed ${options.group}: ${stats.polls} polls, ${stats.printed} events, ${stats.duplicates} repeats dropped`,
          );
        } finally {
          release();
          unwatch();
        }
        if (!interrupted) return 0;
        writeStderr("\nawstriage: interrupted\n");
        return ExitCode.interrupted;
      }),
    );
}
