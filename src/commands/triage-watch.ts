/**
 * `triage --watch [--interval 60s]`: one AccountSession for the whole watch (its credentials
 * renew themselves, its clients and their adaptive rate limiters are kept), a new Invocation
 * per tick (so windows that end now slide with the clock and the cache policy decides what is
 * asked again). In a pipe, ndjson events; on a terminal, the open findings redrawn in place.
 * Ctrl-C ends it with 130 after the tick in flight is abandoned; SIGTERM with 143 (cli.ts).
 */
import type { LoadedConfig } from "../config/load.js";
import { AwsApiError, UsageError } from "../errors/errors.js";
import { abortableSleep } from "../logs/follow.js";
import { presentOptionsOf, invocationSpecOf, sessionSpecOf } from "../options/specs.js";
import type { GlobalOptions } from "../options/options.js";
import { contextLine } from "../output/context-line.js";
import { writeStderr } from "../output/progress.js";
import { watchStdoutReader } from "../output/stdout-reader.js";
import { eventLines, REDRAW, watchScreen } from "../output/watch-view.js";
import { ExitCode } from "../process/exit-codes.js";
import { collectGarbageWhileIdle } from "../process/idle-gc.js";
import { takeInterrupt } from "../process/interrupt.js";
import type { Finding } from "../records/index.js";
import type { Logger } from "../output/log.js";
import { AccountSession } from "../run/account-session.js";
import { formatFailure } from "../run/fan-out.js";
import { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { watch } from "../triage/watch.js";

/** Refuses what a watch cannot do, before anything runs (exit 2). */
export function refuseForWatch(globals: GlobalOptions, by: string | undefined): void {
  const hint = "run triage without --watch for that, or pipe the watch's ndjson events to a file";
  if (globals.profiles !== undefined || globals.accounts !== undefined)
    throw new UsageError("triage --watch follows one account", hint);
  if (globals.out !== undefined || globals.outDir !== undefined)
    throw new UsageError("triage --watch writes events as they happen: it writes no --out or --out-dir file", hint);
  if (globals.offline)
    throw new UsageError("triage --watch needs AWS: an --offline cache never changes", "drop --offline");
  if (by !== undefined) throw new UsageError("triage --watch shows findings, not --by views", hint);
}

/**
 * The session's logger saying only the warnings the last tick did not say: every tick is an
 * ordinary triage, and an endpoint that lacks an operation would otherwise repeat the same
 * lines each interval for as long as the watch runs. `said` collects this tick's.
 */
function newWarnings(log: Logger, lastTick: ReadonlySet<string>, said: Set<string>): Logger {
  return new Proxy(log, {
    get(target, key, receiver) {
      if (key !== "warn") return Reflect.get(target, key, receiver);
      return (...args: unknown[]) => {
        const text = JSON.stringify(args);
        said.add(text);
        if (!lastTick.has(text)) (target.warn as (...a: unknown[]) => void).apply(target, args);
      };
    },
  });
}

function writeOut(text: string): Promise<boolean> {
  return new Promise((resolve) => process.stdout.write(text, (error) => resolve(!error)));
}

/** The watch until Ctrl-C or a reader that went away; the exit code. */
export async function runWatch(
  globals: GlobalOptions,
  intervalMs: number,
  intervalText: string,
  collect: (invocation: Invocation) => Promise<CommandResult>,
  config: LoadedConfig,
): Promise<number> {
  const session = AccountSession.create(sessionSpecOf(globals));
  const terminal = process.stdout.isTTY === true && presentOptionsOf(globals).output === "table";
  if (!terminal && globals.output === "json" && globals.outputGiven === true && !globals.quiet)
    writeStderr("awstriage: --watch is a stream: writing ndjson (one event per line) instead of -o json\n");
  const controller = new AbortController();
  let interrupted = false;
  const release = takeInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  const unwatch = terminal ? () => undefined : watchStdoutReader(() => controller.abort());
  let saidContext = false;
  // What the last tick warned of: said again only once a tick has gone without it.
  let lastTick = new Set<string>();
  try {
    const stats = await watch(
      {
        tick: async () => {
          const said = new Set<string>();
          const log = newWarnings(session.log, lastTick, said);
          const invocation = new Invocation(session, invocationSpecOf(globals), { log });
          const result = await collect(invocation);
          const outcome = await invocation.outcome();
          invocation.stopProgress();
          if (!saidContext && !globals.quiet) {
            saidContext = true;
            writeStderr(
              contextLine(
                {
                  account: outcome.identity.account,
                  regions: outcome.regions,
                  profile: session.profile,
                  credentials: session.credentials,
                  arn: outcome.identity.arn,
                  roleArn: session.roleArn,
                  ...(config.file !== undefined ? { configPath: config.file?.path ?? null } : {}),
                },
                [],
                process.stderr.isTTY ? process.stderr.columns : undefined,
              ).replace(/\n$/, ` | watching every ${intervalText}; Ctrl-C to stop\n`),
            );
          }
          for (const failure of outcome.failures) {
            const line = `${formatFailure(failure)}\n`;
            said.add(line);
            if (!lastTick.has(line)) writeStderr(line);
          }
          lastTick = said;
          return {
            findings: [...result.records] as Finding[],
            incomplete: outcome.failures.some((f) => f.exitCode !== 0),
            throttled: outcome.failures.some((f) => f.throttled === true),
          };
        },
        show: async (events, state, info) => {
          session.log.debug({ tick: info.tick, events: events.length, open: state.open.size }, "watch tick");
          if (!terminal) {
            if (events.length > 0 && !(await writeOut(eventLines(events)))) controller.abort();
            return;
          }
          const screen = watchScreen(events, state, info, {
            width: process.stdout.columns ?? 80,
            color: process.stdout.hasColors?.() === true && process.env.NO_COLOR === undefined,
            now: Date.now(),
            interval: intervalText,
          });
          await writeOut(REDRAW + screen);
        },
        sleep: (ms, signal) => {
          collectGarbageWhileIdle();
          return abortableSleep(ms, signal);
        },
        now: () => Date.now(),
        onTickFailed: (error, pauseMs) => {
          const why = error instanceof Error ? error.message : String(error);
          const throttled = error instanceof AwsApiError && error.kind === "throttled";
          writeStderr(
            `awstriage: this tick failed${throttled ? " (throttled)" : ""}: ${why}; trying again in ${Math.round(pauseMs / 1000)} s\n`,
          );
        },
      },
      intervalMs,
      controller.signal,
    );
    session.log.debug(stats, `watch: ${stats.ticks} ticks, ${stats.failedTicks} failed, ${stats.events} events`);
  } finally {
    release();
    unwatch();
  }
  if (!interrupted) return 0;
  writeStderr("\nawstriage: interrupted\n");
  return ExitCode.interrupted;
}
