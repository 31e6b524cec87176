import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describeLogGroups, filterLogEvents, startQuery } from "../../../src/aws/logs.js";
import { testProvider } from "../../helpers/unit.js";

const events = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: String(from + i),
    timestamp: from + i,
    message: `m${from + i}`,
  }));

describe("logs wrapper", () => {
  let logs: AwsClientStub<CloudWatchLogsClient>;
  beforeEach(() => {
    logs = mockClient(CloudWatchLogsClient);
  });
  afterEach(() => logs.restore());

  it("describeLogGroups follows nextToken to the last page", async () => {
    const tokens: Array<string | undefined> = [];
    logs.on(DescribeLogGroupsCommand).callsFake((input: { nextToken?: string }) => {
      tokens.push(input.nextToken);
      if (input.nextToken === undefined) return { logGroups: [{ logGroupName: "/a" }], nextToken: "t1" };
      if (input.nextToken === "t1") return { logGroups: [{ logGroupName: "/b" }, { logGroupName: "/c" }] };
      throw new Error(`unexpected token ${input.nextToken}`);
    });
    const groups = await describeLogGroups(testProvider(), "us-east-1");
    expect(groups.map((g) => g.logGroupName)).toEqual(["/a", "/b", "/c"]);
    expect(tokens).toEqual([undefined, "t1"]);
  });

  it("filterLogEvents sends the window and pattern and pages to the end, through empty pages", async () => {
    const sent: Array<Record<string, unknown>> = [];
    logs.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string }) => {
      sent.push({ ...input });
      if (input.nextToken === undefined) return { events: events(0, 2), nextToken: "t1" };
      // FilterLogEvents can answer an empty page while it is still searching.
      if (input.nextToken === "t1") return { events: [], nextToken: "t2" };
      if (input.nextToken === "t2") return { events: events(2, 1) };
      throw new Error(`unexpected token ${input.nextToken}`);
    });
    const found = await filterLogEvents(testProvider(), "us-east-1", {
      logGroupName: "/g",
      filterPattern: "ERROR",
      startTime: 1000,
      endTime: 2000,
    });
    expect(found.map((e) => e.eventId)).toEqual(["0", "1", "2"]);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({
      logGroupName: "/g",
      filterPattern: "ERROR",
      startTime: 1000,
      endTime: 2000,
      limit: 10_000,
    });
  });

  it("filterLogEvents stops asking once --limit events are in, and returns exactly that many", async () => {
    let calls = 0;
    logs.on(FilterLogEventsCommand).callsFake((input: { nextToken?: string; limit?: number }) => {
      calls += 1;
      expect(input.limit).toBe(3);
      const from = input.nextToken === undefined ? 0 : Number(input.nextToken);
      return { events: events(from, 2), nextToken: String(from + 2) };
    });
    const found = await filterLogEvents(testProvider(), "us-east-1", {
      logGroupName: "/g",
      startTime: 0,
      endTime: 1,
      limit: 3,
    });
    expect(found.map((e) => e.eventId)).toEqual(["0", "1", "2"]);
    expect(calls).toBe(2);
  });

  it("startQuery sends the groups, the query and whole-second times, and returns the query id", async () => {
    logs
      .on(StartQueryCommand, {
        logGroupNames: ["/a", "/b"],
        queryString: "fields @message",
        startTime: 100,
        endTime: 200,
      })
      .resolves({ queryId: "q-1" });
    await expect(
      startQuery(testProvider(), "us-east-1", {
        logGroupNames: ["/a", "/b"],
        queryString: "fields @message",
        startTime: 100,
        endTime: 200,
      }),
    ).resolves.toBe("q-1");
  });
});
