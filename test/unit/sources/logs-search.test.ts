import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { logEventsSpec } from "../../../src/sources/logs.js";
import { testProvider } from "../../helpers/unit.js";

describe("logs search fetch", () => {
  let logs: AwsClientStub<CloudWatchLogsClient>;
  beforeEach(() => {
    logs = mockClient(CloudWatchLogsClient);
  });
  afterEach(() => logs.restore());

  it("hands the cache its events oldest first, so a cache hit can be printed as it is read", async () => {
    // FilterLogEvents pages can come back stream by stream rather than in time order.
    logs.on(FilterLogEventsCommand).resolves({
      events: [
        { eventId: "s1-late", logStreamName: "s1", timestamp: 300 },
        { eventId: "s1-early", logStreamName: "s1", timestamp: 100 },
        { eventId: "s2-mid", logStreamName: "s2", timestamp: 200 },
        { eventId: "s0-mid", logStreamName: "s0", timestamp: 200 },
      ],
    });
    const spec = logEventsSpec({
      logGroupName: "/g",
      since: "1h",
      window: {
        start: "1970-01-01T00:00:00.000Z",
        end: "1970-01-01T00:00:01.000Z",
        startMs: 0,
        endMs: 1000,
        startAgeMs: 1000,
      },
    });
    const items = await spec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(items.map((e) => e.eventId)).toEqual(["s1-early", "s0-mid", "s2-mid", "s1-late"]);
  });
});
