/**
 * Alarm transitions (issue 23): CloudWatch DescribeAlarmHistory's StateUpdate items over the
 * window (from an hour before it, as the CloudTrail events), cached like every fetch, read
 * once per run (the changes source and the timeline share it). The cached items are AWS's;
 * their HistoryData (a JSON document in a string) is read through a schema, so an item in
 * another shape gives a transition without states rather than a wrong one. A region where the
 * call is denied or not supported (moto, LocalStack) is a note that the changes and the
 * timeline are incomplete, never a failed run.
 */
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { AlarmHistoryItem } from "../aws/cloudwatch.js";
import type { AlarmTransition, Change } from "../records/index.js";
import type { MetricsWindow } from "../sources/lambda.js";
import { optionalPart } from "./optional.js";
import { oncePerRun } from "../run/once.js";
import { changesWindow } from "./window.js";
import { isoOrNull, type JsonDates } from "../time/json-dates.js";

export type CachedAlarmHistoryItem = JsonDates<AlarmHistoryItem>;

export function alarmHistorySpec(options: MetricsWindow): FetchSpec<AlarmHistoryItem> {
  // As CloudTrail's events: from an hour before the earliest onset the series can give.
  const { range, params, window } = changesWindow(options);
  return {
    script: "cloudwatch",
    resource: "alarm-history",
    params,
    window,
    fetch: async (provider, region, onPage) =>
      (await import("../aws/cloudwatch.js")).describeAlarmHistory(provider, region, range, onPage),
  };
}

const stateSchema = z.object({ stateValue: z.optional(z.string()), stateReason: z.optional(z.string()) });
const historyDataSchema = z.object({ oldState: z.optional(stateSchema), newState: z.optional(stateSchema) });

function historyData(text: string | undefined): z.infer<typeof historyDataSchema> {
  try {
    const parsed = historyDataSchema.safeParse(JSON.parse(text ?? "{}"));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The state transitions among cached history items, in the order AWS gave them (newest first). */
export function alarmTransitions(items: readonly CachedAlarmHistoryItem[]): AlarmTransition[] {
  return items.flatMap((item): AlarmTransition[] => {
    const at = isoOrNull(item.Timestamp);
    if (at === null || item.AlarmName === undefined || item.HistoryItemType !== "StateUpdate") return [];
    const data = historyData(item.HistoryData);
    return [
      {
        at,
        alarmName: item.AlarmName,
        from: data.oldState?.stateValue ?? null,
        to: data.newState?.stateValue ?? null,
        reason: data.newState?.stateReason ?? item.HistorySummary ?? null,
      },
    ];
  });
}

/** `alarm OK → ALARM`, a change to the alarm (matched to what it watches through `related`). */
export const transitionChange = (t: AlarmTransition): Change => ({
  at: t.at,
  resource: t.alarmName,
  what: `alarm ${t.from ?? "?"} → ${t.to ?? "?"}`,
  who: null,
  source: "cloudwatch",
});

/**
 * One region's transitions, read once per run and window; where they cannot be had, none,
 * and a note (the run's failures, exit 0) that what shows them is incomplete.
 */
export function regionTransitions(run: Invocation, region: string, options: MetricsWindow): Promise<AlarmTransition[]> {
  const key = JSON.stringify(["cloudwatch/alarm-history", region, options.since, options.until]);
  const where = { region, resource: "cloudwatch/alarm-history", leftOut: "alarm transitions" };
  return oncePerRun(run, key, () =>
    optionalPart(run, where, async () =>
      alarmTransitions((await run.cachedResource(alarmHistorySpec(options), region)).items),
    ),
  );
}
