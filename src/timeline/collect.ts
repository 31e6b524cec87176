/**
 * What `timeline` reads: triage's own gathering (Lambda, alarms, log groups, the metric
 * catalogue) over the window, its findings with their onsets, the `changes` source where
 * CloudTrail answers, the alarms' transitions (DescribeAlarmHistory, where it answers), and
 * a function's first and latest error lines. Everything through the
 * cache, as triage and `logs search` cache it.
 */
import type { Invocation } from "../run/invocation.js";
import type { AlarmRecord, LambdaFunctionRecord, LogEventRecord, TimelineEvent } from "../records/index.js";
import { AwstriageError, UsageError } from "../errors/errors.js";
import { gather } from "../triage/gather.js";
import { DEFAULT_SOURCE_NAMES, healthSourcesOf, triageSources } from "../triage/sources.js";
import { runRules } from "../rules/engine.js";
import { withOnsets } from "../onset/attach.js";
import { recordChanges, withChanges } from "../changes/attach.js";
import { changeBatches } from "../changes/source.js";
import { logEventsSpec } from "../sources/logs.js";
import { normalizeLogEvent } from "../normalize/logs.js";
import { functionLogGroup } from "../normalize/lambda.js";
import type { MetricsWindow } from "../sources/lambda.js";
import {
  alarmEvents,
  changeEvents,
  findingEvents,
  idsOf,
  inTimeOrder,
  logEvents,
  type RegionTransition,
} from "./events.js";
import { regionTransitions } from "../changes/alarm-history.js";

const HOUR_MS = 3_600_000;

/** What an error line looks like to CloudWatch Logs (a filter pattern: any of the terms). */
export const ERROR_PATTERN = '?ERROR ?Error ?Exception ?"Task timed out"';

/** The first (or, with `newest`, the latest) error line of a log group in the window; none when it has none. */
async function errorLine(
  run: Invocation,
  region: string,
  logGroupName: string,
  options: MetricsWindow,
  which: { limit: 1 } | { newest: 1 },
): Promise<LogEventRecord | undefined> {
  const search = {
    logGroupName,
    filterPattern: ERROR_PATTERN,
    since: options.since,
    until: options.until,
    window: options.window,
    ...which,
  };
  try {
    const result = await run.cachedResource(logEventsSpec(search), region);
    const item = result.items[0];
    return item === undefined ? undefined : normalizeLogEvent(item, logGroupName, result.account, region);
  } catch (error) {
    if (!(error instanceof AwstriageError)) throw error;
    run.log.warn({ region }, `no error lines from ${logGroupName} in ${region}: ${error.message}`);
    return undefined;
  }
}

export async function timelineEvents(
  run: Invocation,
  resource: string,
  options: MetricsWindow,
): Promise<TimelineEvent[]> {
  const ids = idsOf(resource);
  const data = await gather(run, triageSources(DEFAULT_SOURCE_NAMES), options);
  try {
    // A timeline is asked for the resource, not for CloudTrail: its failure is a note (exit 0).
    data.changes.push(...(await changeBatches(run, options, false)));
  } catch (error) {
    if (!(error instanceof AwstriageError)) throw error;
    run.log.warn(`changes unavailable (${error.message}); the timeline has no changes`);
  }
  const judged = runRules(data, undefined, new Date(run.now).toISOString().slice(0, 10));
  const timed = await withOnsets(run, judged.findings, { ...options, healthSources: healthSourcesOf() });
  const findings = withChanges(timed, data, options.window);
  const alarms = data.alarms.flatMap((b) => b.records as readonly AlarmRecord[]);
  // Read with the changes (once per run): their failure was a note there already.
  const transitions: RegionTransition[] = [];
  for (const region of await run.regions())
    transitions.push(...(await regionTransitions(run, region, options)).map((t) => ({ ...t, region })));
  // The alarms' transitions are their own events (below), not changes of the resource.
  const changes = [...data.changes.flatMap((b) => b.records), ...recordChanges(data)];
  const functions = data.functions
    .flatMap((b) => b.records as readonly LambdaFunctionRecord[])
    .filter((f) => ids.has(f.functionName) || ids.has(f.functionArn));
  const lines: TimelineEvent[] = [];
  for (const fn of functions) {
    // Where the function writes: its LoggingConfig's group, as log evidence and `related` read.
    const group = functionLogGroup(fn);
    const first = await errorLine(run, fn.region, group, options, { limit: 1 });
    const latest = first === undefined ? undefined : await errorLine(run, fn.region, group, options, { newest: 1 });
    lines.push(...logEvents(first, latest));
  }
  const events = [
    ...findingEvents(findings, ids),
    ...alarmEvents(alarms, ids, transitions),
    ...changeEvents(changes, ids),
    ...lines,
    // The window, and the hour before it that the changes are looked for in.
  ].filter((e) => Date.parse(e.at) <= options.window.endMs && Date.parse(e.at) >= options.window.startMs - HOUR_MS);
  // A note (a part left out, exit 0) is no reason to doubt that nothing is known by this name.
  if (events.length === 0 && functions.length === 0 && run.failures.every((f) => f.exitCode === 0))
    throw new UsageError(
      `nothing about "${resource}" in ${(await run.regions()).join(", ")} between ${new Date(options.window.startMs).toISOString()} and now`,
      "give a function name, instance id, API, queue or table name, or an ARN; widen --since, or pass --region",
    );
  return inTimeOrder(events);
}
