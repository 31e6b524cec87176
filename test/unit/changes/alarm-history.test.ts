/** Alarm transitions: DescribeAlarmHistory read (mocked client), parsed, cached once per run, and a denial a note. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  type DescribeAlarmHistoryCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describeAlarmHistory } from "../../../src/aws/cloudwatch.js";
import { alarmTransitions, regionTransitions, transitionChange } from "../../../src/changes/alarm-history.js";
import { alarmEvents } from "../../../src/timeline/events.js";
import { resolveWindow } from "../../../src/time/window.js";
import { alarm } from "../../helpers/records.js";
import { sdkError } from "../../helpers/sdk-error.js";
import { testProvider, unitRun, type UnitRun } from "../../helpers/unit.js";

const ONSET = Date.parse("2026-12-07T05:00:00Z");
const OFFSETS: Record<string, number> = { "onset+3m": 180_000, "onset-30m": -1_800_000 };

/** The documented answer's pages, Timestamp as the SDK gives it (a Date). */
function fixturePages() {
  const text = readFileSync(new URL("../../fixtures/cloudwatch/describe-alarm-history.json", import.meta.url), "utf8");
  const pages = JSON.parse(text).pages as Array<{
    NextToken?: string;
    AlarmHistoryItems: Array<Record<string, unknown>>;
  }>;
  return pages.map((p) => ({
    ...p,
    AlarmHistoryItems: p.AlarmHistoryItems.map((i) => ({
      ...i,
      Timestamp: new Date(ONSET + (OFFSETS[String(i.Timestamp).slice(2, -2)] ?? 0)),
    })),
  }));
}

describe("alarm transitions", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let inputs: DescribeAlarmHistoryCommandInput[];
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
    inputs = [];
    const pages = fixturePages();
    cw.on(DescribeAlarmHistoryCommand).callsFake((input: DescribeAlarmHistoryCommandInput) => {
      inputs.push(input);
      return input.NextToken === undefined ? pages[0] : pages[1];
    });
  });
  afterEach(() => cw.restore());

  it("asks for the state updates of metric and composite alarms in the window, to the last page", async () => {
    const window = { startTime: new Date(ONSET - 3_600_000), endTime: new Date(ONSET + 3_600_000) };
    const items = await describeAlarmHistory(testProvider(), "us-east-1", window);
    expect(items.map((i) => i.HistorySummary)).toEqual([
      "Alarm updated from OK to ALARM",
      "Alarm updated from ALARM to OK",
    ]);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      HistoryItemType: "StateUpdate",
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      StartDate: window.startTime,
      EndDate: window.endTime,
      MaxRecords: 100,
    });
    expect(inputs[1]?.NextToken).toBe("eyJhbGFybSI6Im15YWxhcm0iLCJwYWdlIjoyfQ==");
  });

  it("reads each item's HistoryData: from, to and why; an item in another shape keeps only what it says", async () => {
    const items = fixturePages().flatMap((p) => p.AlarmHistoryItems);
    const transitions = alarmTransitions(JSON.parse(JSON.stringify(items)));
    expect(transitions).toEqual([
      { at: "2026-12-07T05:03:00.000Z", alarmName: "myalarm", from: "OK", to: "ALARM", reason: "testing purposes" },
      {
        at: "2026-12-07T04:30:00.000Z",
        alarmName: "myalarm",
        from: "ALARM",
        to: "OK",
        reason: expect.stringMatching(/^Threshold Crossed: 2 datapoints were not greater than the threshold \(70\.0\)/),
      },
    ]);
    expect(transitionChange(transitions[0] as never)).toEqual({
      at: "2026-12-07T05:03:00.000Z",
      resource: "myalarm",
      what: "alarm OK → ALARM",
      who: null,
      source: "cloudwatch",
    });
    const odd = { ...items[0], HistoryData: "not json", HistorySummary: "Alarm updated from OK to ALARM" };
    expect(alarmTransitions([JSON.parse(JSON.stringify(odd))])).toEqual([
      expect.objectContaining({ from: null, to: null, reason: "Alarm updated from OK to ALARM" }),
    ]);
    expect(alarmTransitions([{ ...JSON.parse(JSON.stringify(odd)), HistoryItemType: "Action" }])).toEqual([]);
  });

  it("the timeline shows each transition of an alarm watching the resource, in place of its last state alone", () => {
    const transitions = alarmTransitions(
      JSON.parse(JSON.stringify(fixturePages().flatMap((p) => p.AlarmHistoryItems))),
    );
    const watching = alarm({ alarmName: "myalarm", dimensions: { FunctionName: "orders-handler" } });
    const other = alarm({
      alarmName: "quiet",
      dimensions: { FunctionName: "orders-handler" },
      stateUpdatedAt: "2026-12-07T05:10:00.000Z",
    });
    const events = alarmEvents(
      [watching, other],
      new Set(["orders-handler"]),
      transitions.map((t) => ({ ...t, region: watching.region })),
    );
    expect(events.map((e) => [e.at, e.summary])).toEqual([
      ["2026-12-07T05:03:00.000Z", "alarm myalarm OK → ALARM: testing purposes"],
      ["2026-12-07T04:30:00.000Z", expect.stringMatching(/^alarm myalarm ALARM → OK: Threshold Crossed/)],
      ["2026-12-07T05:10:00.000Z", expect.stringMatching(/^alarm quiet → /)],
    ]);
  });
});

describe("regionTransitions", () => {
  const window = resolveWindow({ kind: "ago", text: "2h", ms: 7_200_000 }, undefined, Date.now());
  const options = { since: "2h", window };
  let cw: AwsClientStub<CloudWatchClient>;
  let sts: AwsClientStub<STSClient>;
  let unit: UnitRun;
  beforeEach(async () => {
    cw = mockClient(CloudWatchClient);
    sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/u" });
    unit = await unitRun();
  });
  afterEach(() => {
    cw.restore();
    sts.restore();
    unit.cleanup();
  });

  it("reads once per run, through the cache: a second run sends nothing", async () => {
    const pages = fixturePages();
    cw.on(DescribeAlarmHistoryCommand).callsFake((input: DescribeAlarmHistoryCommandInput) =>
      input.NextToken === undefined ? pages[0] : pages[1],
    );
    const [a, b] = await Promise.all([
      regionTransitions(unit.run, "us-east-1", options),
      regionTransitions(unit.run, "us-east-1", options),
    ]);
    expect(a).toHaveLength(2);
    expect(b).toBe(a);
    expect(cw.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(2);
    const second = await unitRun({ cacheDir: unit.cacheDir });
    try {
      await expect(regionTransitions(second.run, "us-east-1", options)).resolves.toEqual(a);
      expect(cw.commandCalls(DescribeAlarmHistoryCommand)).toHaveLength(2);
    } finally {
      second.cleanup();
    }
  });

  it("denied (or not supported) is a note that alarm transitions are left out, exit 0", async () => {
    cw.on(DescribeAlarmHistoryCommand).rejects(
      sdkError("AccessDenied", 403, "not authorized to perform: cloudwatch:DescribeAlarmHistory"),
    );
    await expect(regionTransitions(unit.run, "us-east-1", options)).resolves.toEqual([]);
    expect(unit.run.failures).toEqual([
      {
        region: "us-east-1",
        resource: "cloudwatch/alarm-history",
        exitCode: 0,
        reason: expect.stringMatching(/DescribeAlarmHistory.*; alarm transitions are left out \(incomplete\)$/),
      },
    ]);
    expect(unit.run.exitCode()).toBe(0);
  });
});
