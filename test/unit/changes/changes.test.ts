/** The changes beside findings: CloudTrail's answer read (mocked client), matched and worded (pure). */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { LOOKUP_SPACING_MS, lookupWriteEvents } from "../../../src/aws/cloudtrail.js";
import { eventAction, trailChanges } from "../../../src/changes/source.js";
import { withChanges } from "../../../src/changes/attach.js";
import { emptyTriageData } from "../../../src/rules/types.js";
import type { Change, Finding } from "../../../src/records/index.js";
import { testProvider } from "../../helpers/unit.js";

const ONSET = Date.parse("2026-12-07T02:40:00Z");
/** The documented answer's pages, EventTime as the SDK gives it (a Date). */
function fixturePages() {
  const text = readFileSync(new URL("../../fixtures/cloudtrail/lookup-events.json", import.meta.url), "utf8");
  const offsets: Record<string, number> = { "onset-2m": -120_000, "onset-30m": -1_800_000, "onset-3h": -10_800_000 };
  const pages = JSON.parse(text).pages as Array<{ NextToken?: string; Events: Array<Record<string, unknown>> }>;
  return pages.map((p) => ({
    ...p,
    Events: p.Events.map((e) => ({
      ...e,
      EventTime: new Date(ONSET + (offsets[String(e.EventTime).slice(2, -2)] ?? 0)),
    })),
  }));
}

describe("lookupWriteEvents", () => {
  let ct: AwsClientStub<CloudTrailClient>;
  let inputs: LookupEventsCommandInput[];
  beforeEach(() => {
    ct = mockClient(CloudTrailClient);
    inputs = [];
    const pages = fixturePages();
    ct.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      inputs.push(input);
      return input.NextToken === undefined ? pages[0] : pages[1];
    });
  });
  afterEach(() => {
    ct.restore();
    vi.useRealTimers();
  });

  it("asks for write events in the window and follows NextToken to the last page", async () => {
    const window = { startTime: new Date(ONSET - 3_600_000), endTime: new Date(ONSET + 3_600_000) };
    const events = await lookupWriteEvents(testProvider(), "us-east-1", window);
    expect(events.map((e) => e.EventName)).toEqual([
      "UpdateFunctionCode20150331v2",
      "PutMetricAlarm",
      "UpdateFunctionConfiguration20150331v2",
    ]);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
      StartTime: window.startTime,
      EndTime: window.endTime,
    });
    expect(inputs[1]?.NextToken).toMatch(/^kbOt5/);
  });

  it("holds the next page until 500 ms after the last request (AWS's 2 a second per account and region)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    const provider = testProvider();
    const window = { startTime: new Date(0), endTime: new Date(1) };
    const done = lookupWriteEvents(provider, "eu-west-1", window);
    await vi.waitFor(() => expect(inputs).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(LOOKUP_SPACING_MS - 1);
    expect(inputs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(inputs).toHaveLength(2);
  });
});

describe("changes beside a finding", () => {
  const changes = fixturePages().flatMap((p) => p.Events.flatMap((e) => trailChanges(e)));

  it("CloudTrail events become one change per resource named; API versions are dropped from the action", () => {
    expect(eventAction("UpdateFunctionCode20150331v2")).toBe("UpdateFunctionCode");
    expect(changes.map((c) => [c.what, c.resource, c.who])).toEqual([
      ["UpdateFunctionCode", "orders-handler", "deploy-bot"],
      ["UpdateFunctionConfiguration", "orders-handler", "alice"],
    ]);
  });

  const finding = {
    ruleId: "lambda.errors",
    resourceId: "orders-handler",
    arn: "arn:aws:lambda:us-east-1:123456789012:function:orders-handler",
    related: [{ arn: null, resourceType: "cloudwatch:alarm", resourceId: "orders-errors", relation: "watched-by" }],
    since: new Date(ONSET).toISOString(),
  } as unknown as Finding;

  it("lists the resource's and its alarm's changes from an hour before the onset, newest first, with a summary", () => {
    const data = emptyTriageData();
    const alarmChange: Change = {
      at: new Date(ONSET + 5 * 60_000).toISOString(),
      resource: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors",
      what: "alarm state ALARM",
      who: null,
      source: "cloudwatch",
    };
    const elsewhere: Change = { ...alarmChange, resource: "billing-sync" };
    data.changes.push({ observedAt: "", records: [...changes, alarmChange, elsewhere] });
    const [out] = withChanges([finding], data, { startMs: ONSET - 3_600_000, endMs: ONSET + 3_600_000 });
    expect(out?.changes?.map((c) => c.summary)).toEqual([
      "alarm state ALARM arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors, 5m after errors began",
      "UpdateFunctionCode orders-handler by deploy-bot, 2m before errors began",
    ]);
  });

  it("without the changes source nothing is added; a finding with no onset and no incident gets none", () => {
    expect(
      withChanges([finding], emptyTriageData(), { startMs: ONSET - 3_600_000, endMs: ONSET })[0],
    ).not.toHaveProperty("changes");
    const data = emptyTriageData();
    data.changes.push({ observedAt: "", records: changes });
    const [out] = withChanges([{ ...finding, since: null }], data, { startMs: ONSET - 3_600_000, endMs: ONSET });
    expect(out).not.toHaveProperty("changes");
  });
});
