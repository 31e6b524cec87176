/** CloudWatch wrapper: alarms (metric and composite), their history, and GetMetricData, batched and paged. */
import type {
  AlarmHistoryItem,
  CompositeAlarm,
  Metric,
  MetricAlarm,
  MetricDataQuery,
  MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

export type {
  AlarmHistoryItem,
  CompositeAlarm,
  Metric,
  MetricAlarm,
  MetricDataQuery,
  MetricDataResult,
} from "@aws-sdk/client-cloudwatch";

/** GetMetricData takes at most this many queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** DescribeAlarms returns at most this many alarms per page. */
const DESCRIBE_ALARMS_PAGE_SIZE = 100;

/** Every alarm of the region, metric alarms first, then composite alarms (which carry `AlarmRule`). */
export async function describeAlarms(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<Array<MetricAlarm | CompositeAlarm>> {
  const { paginateDescribeAlarms } = await import("@aws-sdk/client-cloudwatch");
  return provider.call("cloudwatch", region, "DescribeAlarms", async (client) => {
    // Without AlarmTypes, DescribeAlarms returns metric alarms only.
    const input = { AlarmTypes: ["MetricAlarm" as const, "CompositeAlarm" as const] };
    // A page can hold both kinds; each alarm is tagged with its kind so that the metric alarms
    // of every page can come first.
    const alarms = await collectPages(
      paginateDescribeAlarms({ client, pageSize: DESCRIBE_ALARMS_PAGE_SIZE }, input),
      (page) => [
        ...(page.MetricAlarms ?? []).map((alarm) => ({ alarm, composite: false })),
        ...(page.CompositeAlarms ?? []).map((alarm) => ({ alarm, composite: true })),
      ],
      onPage,
    );
    return [...alarms.filter((a) => !a.composite), ...alarms.filter((a) => a.composite)].map((a) => a.alarm);
  });
}

/** DescribeAlarmHistory answers at most this many items per page. */
const ALARM_HISTORY_PAGE_SIZE = 100;

/**
 * Every alarm's state transitions (HistoryItemType StateUpdate) between two times, metric and
 * composite alarms alike (without AlarmTypes only metric alarms are answered), newest first,
 * paged to the end.
 */
export async function describeAlarmHistory(
  provider: AwsClientProvider,
  region: string,
  window: { startTime: Date; endTime: Date },
  onPage?: PageListener,
): Promise<AlarmHistoryItem[]> {
  const { paginateDescribeAlarmHistory } = await import("@aws-sdk/client-cloudwatch");
  return provider.call("cloudwatch", region, "DescribeAlarmHistory", (client) =>
    collectPages(
      paginateDescribeAlarmHistory(
        { client, pageSize: ALARM_HISTORY_PAGE_SIZE },
        {
          HistoryItemType: "StateUpdate",
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          StartDate: window.startTime,
          EndDate: window.endTime,
          ScanBy: "TimestampDescending",
        },
      ),
      (page) => page.AlarmHistoryItems,
      onPage,
    ),
  );
}

/**
 * Every metric of a namespace that ListMetrics knows, paged to the end. With `recentlyActive`,
 * only metrics with data in the last three hours (the one value the API accepts, PT3H).
 */
export async function listMetrics(
  provider: AwsClientProvider,
  region: string,
  input: { namespace: string; recentlyActive: boolean },
  onPage?: PageListener,
): Promise<Metric[]> {
  const { paginateListMetrics } = await import("@aws-sdk/client-cloudwatch");
  return provider.call("cloudwatch", region, "ListMetrics", (client) =>
    collectPages(
      paginateListMetrics(
        { client },
        { Namespace: input.namespace, ...(input.recentlyActive ? { RecentlyActive: "PT3H" as const } : {}) },
      ),
      (page) => page.Metrics,
      onPage,
    ),
  );
}

export interface MetricDataInput {
  queries: readonly MetricDataQuery[];
  startTime: Date;
  endTime: Date;
  /** Queries per call, when fewer than MAX_QUERIES_PER_CALL keep a call within 100,800 datapoints. */
  perCall?: number | undefined;
}

/**
 * GetMetricData for any number of queries: split into calls of at most MAX_QUERIES_PER_CALL,
 * each followed through NextToken. A query's datapoints can be spread over several pages;
 * they are joined into one result per query Id, returned in the order of the queries.
 */
export async function getMetricData(
  provider: AwsClientProvider,
  region: string,
  input: MetricDataInput,
  onPage?: PageListener,
): Promise<MetricDataResult[]> {
  const { paginateGetMetricData } = await import("@aws-sdk/client-cloudwatch");
  // Not collectPages: a query's results are merged by Id across pages and batches, and
  // progress counts datapoints rather than results.
  return provider.call("cloudwatch", region, "GetMetricData", async (client) => {
    const byId = new Map<string, MetricDataResult>();
    let datapoints = 0;
    const perCall = Math.min(input.perCall ?? MAX_QUERIES_PER_CALL, MAX_QUERIES_PER_CALL);
    for (let offset = 0; offset < input.queries.length; offset += perCall) {
      const request = {
        MetricDataQueries: input.queries.slice(offset, offset + perCall),
        StartTime: input.startTime,
        EndTime: input.endTime,
        ScanBy: "TimestampAscending" as const,
      };
      for await (const page of paginateGetMetricData({ client }, request)) {
        // A message on the call ("Maximum number of allowed metrics exceeded") is about every
        // result it returned, so each carries it and none passes for complete.
        const callMessages = page.Messages ?? [];
        for (const result of page.MetricDataResults ?? []) {
          datapoints += result.Values?.length ?? 0;
          mergeResult(
            byId,
            callMessages.length === 0 ? result : { ...result, Messages: [...(result.Messages ?? []), ...callMessages] },
          );
        }
        onPage?.(datapoints);
      }
    }
    return input.queries.flatMap((q) => {
      const result = q.Id === undefined ? undefined : byId.get(q.Id);
      return result === undefined ? [] : [result];
    });
  });
}

/** Appends a page's datapoints to the result of the same Id; the last page's status wins. */
function mergeResult(byId: Map<string, MetricDataResult>, page: MetricDataResult): void {
  const id = page.Id ?? "";
  const previous = byId.get(id);
  if (previous === undefined) {
    byId.set(id, { ...page, Timestamps: [...(page.Timestamps ?? [])], Values: [...(page.Values ?? [])] });
    return;
  }
  previous.Timestamps = [...(previous.Timestamps ?? []), ...(page.Timestamps ?? [])];
  previous.Values = [...(previous.Values ?? []), ...(page.Values ?? [])];
  if (page.StatusCode !== undefined) previous.StatusCode = page.StatusCode;
  if (page.Messages?.length) previous.Messages = [...(previous.Messages ?? []), ...page.Messages];
}
