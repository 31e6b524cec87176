/**
 * `awstriage logs groups` (DescribeLogGroups), `logs search` (FilterLogEvents across every
 * stream of a group) and `logs insights` (StartQuery, then GetQueryResults until Complete).
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import { Run, type FetchSpec } from "../run.js";
import type { FilteredLogEvent, LogGroup, ResultField } from "../aws/logs.js";
import { runInsightsQuery } from "../insights.js";
import {
  sortLogEvents,
  insightsColumns,
  LOG_EVENT_COLUMNS,
  LOG_GROUP_COLUMNS,
  matchesPrefix,
  normalizeInsightsRow,
  normalizeLogEvent,
  normalizeLogGroup,
  type InsightsRecord,
  type LogEventRecord,
  type LogGroupRecord,
} from "../normalize/logs.js";
import {
  checkWindowOrder,
  durationFlag,
  envelopeWindow,
  resolveRunWindow,
  SINCE_HELP,
  UNTIL_HELP,
  windowFlags,
  type ResolvedWindow,
} from "../window.js";
import { emitRaw, emitRecords } from "./emit-records.js";
import { emit } from "./emit.js";
import { action, group, parseLocal, subcommand } from "./command.js";
import { positiveInt } from "./option-schemas.js";
import { byRegionThen } from "../normalize/order.js";

/** Default patience for an Insights query (`--timeout`). */
export const DEFAULT_INSIGHTS_TIMEOUT = "5m";
/** StartQuery accepts at most this many log groups. */
export const MAX_INSIGHTS_GROUPS = 50;
/** `--limit` ceiling: enough for any terminal, small enough to stay in memory. */
export const MAX_SEARCH_LIMIT = 1_000_000;

/** Every log group of the region, cached once; `--prefix` is applied locally, so one entry serves all. */
export const logGroupsSpec: FetchSpec<LogGroup> = {
  script: "logs",
  resource: "groups",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/logs.js")).describeLogGroups(provider, region, onPage),
};

export async function collectLogGroups(
  run: Run,
  filter: { prefix?: string | undefined } = {},
): Promise<LogGroupRecord[]> {
  const results = await run.fetchAllRegions(logGroupsSpec);
  return results
    .flatMap((r) => r.items.map((item) => normalizeLogGroup(item, r.account, r.region)))
    .filter((record) => matchesPrefix(record, filter.prefix))
    .sort(byRegionThen((record) => record.logGroupName));
}

export interface LogSearch {
  logGroupName: string;
  filterPattern?: string | undefined;
  /** `--since`/`--until` as typed, for the cache key. */
  since: string;
  until?: string | undefined;
  limit?: number | undefined;
  window: ResolvedWindow;
}

export function logEventsSpec(search: LogSearch): FetchSpec<FilteredLogEvent> {
  const { logGroupName, filterPattern, limit, window } = search;
  return {
    script: "logs",
    resource: "events",
    params: { logGroupName, filterPattern, since: search.since, until: search.until, limit },
    window: envelopeWindow(window),
    fetch: async (provider, region, onPage) =>
      sortLogEvents(
        await (await import("../aws/logs.js")).filterLogEvents(
          provider,
          region,
          { logGroupName, filterPattern, startTime: window.startMs, endTime: window.endMs, limit },
          onPage,
        ),
      ),
  };
}

/**
 * The search's records, oldest first: regions in run order, and within a region the cache
 * file's own order, which `logEventsSpec` writes sorted. On a cache hit they are read from the
 * file as they are printed, so a search of a million events never holds them all.
 */
export async function streamLogEvents(
  run: Run,
  search: LogSearch,
): Promise<{ records: Iterable<LogEventRecord>; account: string | null }> {
  const results = await run.streamAllRegions(logEventsSpec(search), (item, { account, region }) =>
    normalizeLogEvent(item, search.logGroupName, account, region),
  );
  const { limit } = search;
  function* records(): Generator<LogEventRecord> {
    let reachedLimit = false;
    for (const result of results) {
      let count = 0;
      for (const record of result.items) {
        count++;
        yield record;
      }
      if (limit !== undefined && count >= limit) reachedLimit = true;
    }
    if (reachedLimit)
      run.log.info(
        `stopped at --limit ${limit}: the window may hold more events (raise --limit or narrow --since/--until/--filter)`,
      );
  }
  return { records: records(), account: results.find((r) => r.account !== null)?.account ?? null };
}

export interface InsightsQuery {
  logGroupNames: readonly string[];
  queryString: string;
  /** `--since`/`--until` as typed, for the cache key. */
  since: string;
  until?: string | undefined;
  window: ResolvedWindow;
  timeoutMs: number;
}

/** One query per region; the rows (as returned, `@ptr` included) are what is cached. */
export function insightsSpec(query: InsightsQuery, run: Pick<Run, "log">): FetchSpec<ResultField[]> {
  const groups = [...new Set(query.logGroupNames)].sort();
  return {
    script: "logs",
    resource: "insights",
    params: { logGroupNames: groups, queryString: query.queryString, since: query.since, until: query.until },
    window: envelopeWindow(query.window),
    fetch: async (provider, region, onPage) => {
      const logs = await import("../aws/logs.js");
      // StartQuery takes whole seconds; widen outwards so no event of the window is missed.
      const startTime = Math.floor(query.window.startMs / 1000);
      const endTime = Math.ceil(query.window.endMs / 1000);
      return runInsightsQuery(
        {
          start: () =>
            logs.startQuery(provider, region, {
              logGroupNames: groups,
              queryString: query.queryString,
              startTime,
              endTime,
            }),
          poll: (id) => logs.getQueryResults(provider, region, id),
          stop: (id) => logs.stopQuery(provider, region, id),
        },
        {
          region,
          timeoutMs: query.timeoutMs,
          onProgress: (matched) => onPage(matched),
          onStopFailed: (id, error) =>
            run.log.warn(
              { region },
              `could not stop Logs Insights query ${id}: ${error instanceof Error ? error.message : String(error)}`,
            ),
        },
      );
    },
  };
}

/** Rows keep the query's own order (its `sort`), regions in run order. */
export async function collectInsights(run: Run, query: InsightsQuery): Promise<InsightsRecord[]> {
  const results = await run.fetchAllRegions(insightsSpec(query, run));
  return results.flatMap((r) => r.items.map((row) => normalizeInsightsRow(row, r.account, r.region)));
}

export const groupsOptionsSchema = z.object({
  prefix: z.optional(z.string().check(z.minLength(1, "--prefix needs a value, e.g. /aws/lambda/"))),
});

const groupNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "GROUP must be a log group name, e.g. /aws/lambda/api"));

export const searchOptionsSchema = z
  .object({
    group: groupNameSchema,
    filter: z.optional(z.string()),
    ...windowFlags(),
    limit: positiveInt("--limit", MAX_SEARCH_LIMIT),
  })
  .check(checkWindowOrder);

export const insightsOptionsSchema = z
  .object({
    groups: z
      .array(groupNameSchema)
      .check(
        z.minLength(1, "give at least one log group: awstriage logs insights GROUP... --query Q"),
        z.maxLength(MAX_INSIGHTS_GROUPS, `Logs Insights queries at most ${MAX_INSIGHTS_GROUPS} log groups at a time`),
      ),
    query: z
      .string({ error: "--query is required, e.g. --query 'fields @timestamp, @message | limit 20'" })
      .check(z.trim(), z.minLength(1, "--query needs a query string")),
    ...windowFlags(),
    timeout: durationFlag("--timeout", DEFAULT_INSIGHTS_TIMEOUT),
  })
  .check(checkWindowOrder);

export function register(program: Command): void {
  const logs = group(program, "logs", "CloudWatch Logs: groups, event search, Insights queries");
  subcommand(logs, "groups", "list log groups (DescribeLogGroups); retentionInDays null = never expires")
    .option("--prefix <prefix>", "only groups whose name starts with this")
    .action(
      action(async (globals, local) => {
        const filter = parseLocal(groupsOptionsSchema, local);
        const run = await Run.create(globals);
        if (globals.raw) return emitRaw(run, "logs groups", logGroupsSpec);
        return emitRecords(
          run,
          "logs groups",
          await collectLogGroups(run, { prefix: filter.prefix }),
          LOG_GROUP_COLUMNS,
        );
      }),
    );
  subcommand(logs, "search <group>", "events of every stream of GROUP in a window (FilterLogEvents), oldest first")
    .option("--filter <pattern>", "CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = \"error\" }'")
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option("--limit <n>", "stop after this many events (default: every event in the window)")
    .action(
      action(async (globals, local, args) => {
        const options = parseLocal(searchOptionsSchema, { ...local, group: args[0] });
        const run = await Run.create(globals);
        const search: LogSearch = {
          logGroupName: options.group,
          filterPattern: options.filter,
          since: options.since.text,
          until: options.until?.text,
          limit: options.limit,
          window: resolveRunWindow(run, options),
        };
        if (globals.raw) return emitRaw(run, "logs search", logEventsSpec(search));
        const { records, account } = await streamLogEvents(run, search);
        return emit(run, { command: "logs search", records, columns: LOG_EVENT_COLUMNS, fallbackAccount: account });
      }),
    );
  subcommand(
    logs,
    "insights <groups...>",
    "run a Logs Insights query over one or more groups (StartQuery, GetQueryResults)",
  )
    .option(
      "--query <query>",
      "the Insights query, e.g. 'fields @timestamp, @message | filter @message like /ERROR/' (required)",
    )
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option(
      "--timeout <duration>",
      `give up (and stop the query) after this long (default: ${DEFAULT_INSIGHTS_TIMEOUT})`,
    )
    .action(
      action(async (globals, local, args) => {
        const options = parseLocal(insightsOptionsSchema, { ...local, groups: args });
        const run = await Run.create(globals);
        const query: InsightsQuery = {
          logGroupNames: options.groups,
          queryString: options.query,
          since: options.since.text,
          until: options.until?.text,
          window: resolveRunWindow(run, options),
          timeoutMs: options.timeout.ms,
        };
        if (globals.raw) return emitRaw(run, "logs insights", insightsSpec(query, run));
        const records = await collectInsights(run, query);
        return emitRecords(run, "logs insights", records, insightsColumns(records));
      }),
    );
}
