/**
 * CloudWatch: every alarm of the region (DescribeAlarms, metric and composite), cached once
 * and filtered locally, and the datapoints of one metric over a window (GetMetricData).
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { Batch } from "../rules/types.js";
import type { CachedMetricDataResult } from "../normalize/lambda.js";
import {
  normalizeAlarm,
  normalizeDatapoints,
  type AlarmRecord,
  type CachedAlarm,
  type MetricDatapointRecord,
} from "../normalize/cloudwatch.js";
import { toDimensions } from "../metrics/metric-queries.js";
import { envelopeWindow, type ResolvedWindow } from "../time/window.js";
import { byRegionThen } from "../normalize/order.js";
import { collectBatches, collectRecords } from "./collect.js";
import { completenessOf, partialWarning } from "../metrics/completeness.js";

/** Every alarm of the region, cached once; `--state` is applied locally, so one entry serves all. */
export const alarmsSpec: FetchSpec<CachedAlarm> = {
  script: "cloudwatch",
  resource: "alarms",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/cloudwatch.js")).describeAlarms(provider, region, onPage),
};

/** `cloudwatch alarms` records, sorted by region then name; `states` (none = all) applied locally. */
export function collectAlarms(
  run: Invocation,
  filter: { states?: readonly string[] | undefined } = {},
): Promise<AlarmRecord[]> {
  const { states } = filter;
  return collectRecords(
    run,
    alarmsSpec,
    (item, { account, region }) => {
      const record = normalizeAlarm(item, account, region);
      return states === undefined || states.length === 0 || states.includes(record.stateValue) ? record : undefined;
    },
    byRegionThen((record) => record.alarmName),
  );
}

/** What the `cloudwatch.alarm-firing` rule reads. */
export function alarmBatches(run: Invocation): Promise<Batch<AlarmRecord>[]> {
  return collectBatches(run, alarmsSpec, normalizeAlarm);
}

export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
  /** `--since`/`--until` as typed, for the cache key. */
  since: string;
  until?: string | undefined;
  window: ResolvedWindow;
}

/** One GetMetricData query for one metric; every parameter but the absolute window is in the key. */
export function metricSpec(query: MetricQuery): FetchSpec<CachedMetricDataResult> {
  const dimensions = toDimensions(query.dimensions);
  return {
    script: "cloudwatch",
    resource: "metric-data",
    params: {
      namespace: query.namespace,
      metricName: query.metricName,
      dimensions,
      stat: query.stat,
      period: query.periodSeconds,
      since: query.since,
      until: query.until,
    },
    window: envelopeWindow(query.window),
    fetch: async (provider, region, onPage) => {
      const { getMetricData } = await import("../aws/cloudwatch.js");
      const metricQuery = {
        Id: "m0",
        MetricStat: {
          Metric: { Namespace: query.namespace, MetricName: query.metricName, Dimensions: dimensions },
          Period: query.periodSeconds,
          Stat: query.stat,
        },
        ReturnData: true,
      };
      const range = { startTime: new Date(query.window.startMs), endTime: new Date(query.window.endMs) };
      return getMetricData(provider, region, { queries: [metricQuery], ...range }, onPage);
    },
  };
}

/**
 * `cloudwatch metrics` records: one per datapoint, sorted by region then time. A partial
 * answer keeps its datapoints (marked) and says so on stderr, per region.
 */
export async function collectMetricDatapoints(run: Invocation, query: MetricQuery): Promise<MetricDatapointRecord[]> {
  const context = {
    stat: query.stat,
    namespace: query.namespace,
    metricName: query.metricName,
    dimensions: query.dimensions,
  };
  const partialIn = new Map<string, string>();
  const records = await collectRecords(
    run,
    metricSpec(query),
    (item, { account, region }) => {
      const completeness = completenessOf(item);
      if (completeness.kind === "partial") partialIn.set(region, completeness.reason);
      return normalizeDatapoints(item, context, account, region);
    },
    byRegionThen((record) => record.timestamp),
  );
  for (const [region, reason] of partialIn)
    run.log.warn({ region }, partialWarning(region, [`${query.metricName} ${query.stat}: ${reason}`], "datapoints"));
  return records;
}
