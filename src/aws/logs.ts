/** CloudWatch Logs wrapper: log groups, FilterLogEvents, and the three Insights calls. */
import type { FilteredLogEvent, GetQueryResultsResponse, LogGroup } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";
import { AwsApiError, LogGroupNotFoundError } from "../errors/errors.js";
import { errorName } from "./error-classification.js";

export type { FilteredLogEvent, GetQueryResultsResponse, LogGroup, ResultField } from "@aws-sdk/client-cloudwatch-logs";

/** DescribeLogGroups returns at most this many groups per page. */
const DESCRIBE_LOG_GROUPS_PAGE_SIZE = 50;
/** FilterLogEvents returns at most this many events per page. */
export const MAX_EVENTS_PER_PAGE = 10_000;

export async function describeLogGroups(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<LogGroup[]> {
  const { paginateDescribeLogGroups } = await import("@aws-sdk/client-cloudwatch-logs");
  return provider.call("logs", region, "DescribeLogGroups", (client) =>
    collectPages(
      paginateDescribeLogGroups({ client, pageSize: DESCRIBE_LOG_GROUPS_PAGE_SIZE }, {}),
      (page) => page.logGroups,
      onPage,
    ),
  );
}

export interface FilterEventsInput {
  logGroupName: string;
  filterPattern?: string | undefined;
  /** Epoch milliseconds; without an end, up to the newest event (`logs tail`). */
  startTime: number;
  endTime?: number | undefined;
  /** Stop once this many events are in; undefined pages to the end. */
  limit?: number | undefined;
}

/** A FilterLogEvents call, with a group that does not exist said as the caller's input (exit 2). */
async function onGroup<T>(group: string, region: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AwsApiError && errorName(error.cause) === "ResourceNotFoundException")
      throw new LogGroupNotFoundError(group, region, error.cause);
    throw error;
  }
}

function filterRequest(input: FilterEventsInput) {
  return {
    logGroupName: input.logGroupName,
    startTime: input.startTime,
    ...(input.endTime === undefined ? {} : { endTime: input.endTime }),
    // AWS ignores this and always interleaves streams by time; emulators that still honour
    // it (moto) then page the same way, so `limit` keeps the earliest events there too.
    interleaved: true,
    ...(input.filterPattern === undefined ? {} : { filterPattern: input.filterPattern }),
  };
}

/** Events of every stream of the group in the window, paged to the end or to `limit`. */
export async function filterLogEvents(
  provider: AwsClientProvider,
  region: string,
  input: FilterEventsInput,
  onPage?: PageListener,
): Promise<FilteredLogEvent[]> {
  const { paginateFilterLogEvents } = await import("@aws-sdk/client-cloudwatch-logs");
  const call = provider.call("logs", region, "FilterLogEvents", (client) => {
    const pageSize = Math.min(input.limit ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
    return collectPages(
      paginateFilterLogEvents({ client, pageSize }, filterRequest(input)),
      (page) => page.events,
      onPage,
      input.limit,
    );
  });
  return onGroup(input.logGroupName, region, call);
}

/** A bounded read: the events, and whether the window was read to its end. */
export interface EventSample {
  events: FilteredLogEvent[];
  /** false when `maxEvents` or `maxCalls` stopped the read before the last page. */
  complete: boolean;
  calls: number;
}

/**
 * At most `maxEvents` events of the window in at most `maxCalls` calls (FilterLogEvents may
 * answer a page with no events and a token while it scans a large group, so events alone do
 * not bound the calls). Says whether it read to the end.
 */
export async function sampleLogEvents(
  provider: AwsClientProvider,
  region: string,
  input: Omit<FilterEventsInput, "limit">,
  bounds: { maxEvents: number; maxCalls: number },
): Promise<EventSample> {
  const { paginateFilterLogEvents } = await import("@aws-sdk/client-cloudwatch-logs");
  const call = provider.call("logs", region, "FilterLogEvents", async (client) => {
    const events: FilteredLogEvent[] = [];
    let calls = 0;
    const pageSize = Math.min(bounds.maxEvents, MAX_EVENTS_PER_PAGE);
    for await (const page of paginateFilterLogEvents({ client, pageSize }, filterRequest(input))) {
      calls += 1;
      events.push(...(page.events ?? []));
      const more = page.nextToken !== undefined && page.nextToken !== "";
      if (!more)
        return { events: events.slice(0, bounds.maxEvents), complete: events.length <= bounds.maxEvents, calls };
      if (events.length >= bounds.maxEvents || calls >= bounds.maxCalls)
        return { events: events.slice(0, bounds.maxEvents), complete: false, calls };
    }
    return { events, complete: true, calls };
  });
  return onGroup(input.logGroupName, region, call);
}

/**
 * Every event of the window, paged to the end, each handed to `visit` as its page arrives and
 * kept nowhere here: for callers that keep only some (`--newest`). Returns how many there were.
 */
export async function scanLogEvents(
  provider: AwsClientProvider,
  region: string,
  input: Omit<FilterEventsInput, "limit">,
  visit: (event: FilteredLogEvent) => void,
  onPage?: PageListener,
  abortSignal?: AbortSignal,
): Promise<number> {
  const { paginateFilterLogEvents } = await import("@aws-sdk/client-cloudwatch-logs");
  const call = provider.call("logs", region, "FilterLogEvents", async (client) => {
    let seen = 0;
    const pages = paginateFilterLogEvents(
      { client, pageSize: MAX_EVENTS_PER_PAGE },
      filterRequest(input),
      ...(abortSignal === undefined ? [] : [{ abortSignal }]),
    );
    for await (const page of pages) {
      for (const event of page.events ?? []) visit(event);
      seen += page.events?.length ?? 0;
      onPage?.(seen);
    }
    return seen;
  });
  return onGroup(input.logGroupName, region, call);
}

export interface StartQueryInput {
  logGroupNames: readonly string[];
  queryString: string;
  /** Epoch seconds, as StartQuery takes them. */
  startTime: number;
  endTime: number;
}

/** Starts a Logs Insights query; returns its id. */
export async function startQuery(provider: AwsClientProvider, region: string, input: StartQueryInput): Promise<string> {
  const { StartQueryCommand } = await import("@aws-sdk/client-cloudwatch-logs");
  const response = await provider.call("logs", region, "StartQuery", (client) =>
    client.send(new StartQueryCommand({ ...input, logGroupNames: [...input.logGroupNames] })),
  );
  if (response.queryId === undefined) throw new Error("StartQuery returned no queryId");
  return response.queryId;
}

export async function getQueryResults(
  provider: AwsClientProvider,
  region: string,
  queryId: string,
): Promise<GetQueryResultsResponse> {
  const { GetQueryResultsCommand } = await import("@aws-sdk/client-cloudwatch-logs");
  return provider.call("logs", region, "GetQueryResults", (client) =>
    client.send(new GetQueryResultsCommand({ queryId })),
  );
}

export async function stopQuery(provider: AwsClientProvider, region: string, queryId: string): Promise<void> {
  const { StopQueryCommand } = await import("@aws-sdk/client-cloudwatch-logs");
  await provider.call("logs", region, "StopQuery", (client) => client.send(new StopQueryCommand({ queryId })));
}
