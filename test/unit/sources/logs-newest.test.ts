/** `logs search --newest N`: one pass over the window's pages, the newest N kept, oldest first. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { logEventsSpec } from "../../../src/sources/logs.js";
import { testProvider } from "../../helpers/unit.js";

const WINDOW = {
  start: "1970-01-01T00:00:00.000Z",
  end: "1970-01-01T00:00:01.000Z",
  startMs: 0,
  endMs: 1000,
  startAgeMs: 1000,
};
const event = (ts: number, stream = "s1") => ({ eventId: `${stream}-${ts}`, logStreamName: stream, timestamp: ts });

describe("logs search --newest", () => {
  let logs: AwsClientStub<CloudWatchLogsClient>;
  beforeEach(() => {
    logs = mockClient(CloudWatchLogsClient);
  });
  afterEach(() => logs.restore());

  it("pages through the window once at full page size and keeps the newest N, oldest first, across pages out of order", async () => {
    // Stream by stream, as moto pages: the newest events are not all on the last page.
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event(10, "s1"), event(900, "s1")], nextToken: "p2" })
      .resolvesOnce({ events: [event(20, "s2"), event(800, "s2"), event(850, "s2")], nextToken: "p3" })
      .resolvesOnce({ events: [event(30, "s3"), event(950, "s3")] });
    const spec = logEventsSpec({ logGroupName: "/g", since: "1h", newest: 3, window: WINDOW });
    const items = await spec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(items.map((e) => e.eventId)).toEqual(["s2-850", "s1-900", "s3-950"]);
    const calls = logs.commandCalls(FilterLogEventsCommand);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.args[0].input.limit)).toEqual([10_000, 10_000, 10_000]);
    expect(calls[0]?.args[0].input).toMatchObject({ logGroupName: "/g", startTime: 0, endTime: 1000 });
  });

  it("is its own cache entry: --newest is part of the key, next to --limit", () => {
    const newest = logEventsSpec({ logGroupName: "/g", since: "1h", newest: 5, window: WINDOW });
    const limit = logEventsSpec({ logGroupName: "/g", since: "1h", limit: 5, window: WINDOW });
    expect(newest.params).toMatchObject({ newest: 5 });
    expect(limit.params).toMatchObject({ limit: 5 });
    expect(newest.params).not.toHaveProperty("limit", 5);
  });
});
