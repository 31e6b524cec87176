/**
 * CloudWatch Logs: every log group of the region (cached once, `--prefix` applied locally),
 * the events of one group in a window (FilterLogEvents), and Logs Insights queries.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { Batch } from "../rules/types.js";
import type { FilteredLogEvent, LogGroup, ResultField } from "../aws/logs.js";
import { runInsightsQuery } from "../logs/insights.js";
import { newestKeeper } from "../logs/newest.js";
import {
  compareRawLogEvents,
  sortLogEvents,
  matchesPrefix,
  normalizeInsightsRow,
  normalizeLogEvent,
  normalizeLogGroup,
  type InsightsRecord,
  type LogEventRecord,
  type LogGroupRecord,
} from "../normalize/logs.js";
import { envelopeWindow, type ResolvedWindow } from "../time/window.js";
import { byRegionThen } from "../normalize/order.js";
import { collectBatches, collectRecords } from "./collect.js";

/** Every log group of the region, cached once; `--prefix` is applied locally, so one entry serves all. */
export const logGroupsSpec: FetchSpec<LogGroup> = {
  script: "logs",
  resource: "groups",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/logs.js")).describeLogGroups(provider, region, onPage),
};

/** `logs groups` records, sorted by region then name. */
export function collectLogGroups(
  run: Invocation,
  filter: { prefix?: string | undefined } = {},
): Promise<LogGroupRecord[]> {
  return collectRecords(
    run,
    logGroupsSpec,
    (item, { account, region }) => {
      const record = normalizeLogGroup(item, account, region);
      return matchesPrefix(record, filter.prefix) ? record : undefined;
    },
    byRegionThen((record) => record.logGroupName),
  );
}

/** What the `logs.*` rules read. */
export function logGroupBatches(run: Invocation): Promise<Batch<LogGroupRecord>[]> {
  return collectBatches(run, logGroupsSpec, normalizeLogGroup);
}

export interface LogSearch {
  logGroupName: string;
  filterPattern?: string | undefined;
  /** `--since`/`--until` as typed, for the cache key. */
  since: string;
  until?: string | undefined;
  limit?: number | undefined;
  /** `--newest N`: the newest N of the window instead of the earliest (exclusive with `limit`). */
  newest?: number | undefined;
  window: ResolvedWindow;
}

export function logEventsSpec(search: LogSearch): FetchSpec<FilteredLogEvent> {
  const { logGroupName, filterPattern, limit, newest, window } = search;
  const range = { logGroupName, filterPattern, startTime: window.startMs, endTime: window.endMs };
  return {
    script: "logs",
    resource: "events",
    params: { logGroupName, filterPattern, since: search.since, until: search.until, limit, newest },
    window: envelopeWindow(window),
    fetch: async (provider, region, onPage) => {
      const logs = await import("../aws/logs.js");
      if (newest === undefined)
        return sortLogEvents(await logs.filterLogEvents(provider, region, { ...range, limit }, onPage));
      // One pass over the window, holding at most 2N events (see newest.ts).
      const keeper = newestKeeper(newest, compareRawLogEvents);
      await logs.scanLogEvents(provider, region, range, (event) => keeper.add(event), onPage);
      return keeper.result();
    },
  };
}

/**
 * The search's records, oldest first: regions in run order, and within a region the cache
 * file's own order, which `logEventsSpec` writes sorted. On a cache hit they are read from the
 * file as they are printed, so a search of a million events never holds them all.
 */
export async function streamLogEvents(run: Invocation, search: LogSearch): Promise<Iterable<LogEventRecord>> {
  const results = await run.streamAllRegions(logEventsSpec(search), (item, { account, region }) =>
    normalizeLogEvent(item, search.logGroupName, account, region),
  );
  const { limit, newest } = search;
  const cap = limit ?? newest;
  function* records(): Generator<LogEventRecord> {
    let reachedCap = false;
    for (const result of results) {
      let count = 0;
      for (const record of result.items) {
        count++;
        yield record;
      }
      if (cap !== undefined && count >= cap) reachedCap = true;
    }
    if (reachedCap && limit !== undefined)
      run.log.info(
        `stopped at --limit ${limit}: the window may hold more events (raise --limit or narrow --since/--until/--filter)`,
      );
    if (reachedCap && newest !== undefined)
      run.log.info(
        `kept the newest ${newest}: the window may hold older events (raise --newest or widen --since/--until)`,
      );
  }
  return records();
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
export function insightsSpec(query: InsightsQuery, run: Pick<Invocation, "log">): FetchSpec<ResultField[]> {
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
export function collectInsights(run: Invocation, query: InsightsQuery): Promise<InsightsRecord[]> {
  return collectRecords(run, insightsSpec(query, run), (row, { account, region }) =>
    normalizeInsightsRow(row, account, region),
  );
}
