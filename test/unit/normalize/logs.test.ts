import { describe, expect, it } from "vitest";
import type { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import {
  sortLogEvents,
  insightsColumns,
  insightsTimestamp,
  normalizeInsightsRow,
  normalizeLogEvent,
  normalizeLogGroup,
} from "../../../src/normalize/logs.js";

describe("CloudWatch Logs normalization", () => {
  it("gives retentionInDays null for a group that never expires and the group's own ARN", () => {
    const record = normalizeLogGroup(
      {
        logGroupName: "/aws/lambda/api",
        arn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api:*",
        storedBytes: 42,
        creationTime: Date.UTC(2024, 4, 1),
      },
      "123456789012",
      "us-east-1",
    );
    expect(record).toEqual({
      account: "123456789012",
      region: "us-east-1",
      logGroupName: "/aws/lambda/api",
      arn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/api",
      retentionInDays: null,
      storedBytes: 42,
      createdAt: "2024-05-01T00:00:00.000Z",
      logGroupClass: null,
      kmsKeyId: null,
      dataProtectionStatus: null,
      metricFilterCount: null,
      deletionProtectionEnabled: null,
    });
    expect(normalizeLogGroup({ logGroupName: "/kept", retentionInDays: 14 }, null, "us-east-1").retentionInDays).toBe(
      14,
    );
  });

  it("keeps the group's class, KMS key, data protection status and metric filter count, after the original fields", () => {
    const record = normalizeLogGroup(
      {
        logGroupName: "/aws/lambda/archive",
        logGroupClass: "INFREQUENT_ACCESS",
        kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
        dataProtectionStatus: "ACTIVATED",
        metricFilterCount: 2,
        deletionProtectionEnabled: true,
      },
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      logGroupClass: "INFREQUENT_ACCESS",
      kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
      dataProtectionStatus: "ACTIVATED",
      metricFilterCount: 2,
      deletionProtectionEnabled: true,
    });
    expect(Object.keys(record).slice(-6)).toEqual([
      "createdAt",
      "logGroupClass",
      "kmsKeyId",
      "dataProtectionStatus",
      "metricFilterCount",
      "deletionProtectionEnabled",
    ]);
  });

  it("normalizes an event with an ISO timestamp and the group it came from", () => {
    const record = normalizeLogEvent(
      { timestamp: Date.UTC(2024, 4, 1, 10, 0, 0, 123), logStreamName: "s1", message: "ERROR boom", eventId: "e1" },
      "/g",
      "123456789012",
      "us-east-1",
    );
    expect(record).toEqual({
      account: "123456789012",
      region: "us-east-1",
      timestamp: "2024-05-01T10:00:00.123Z",
      logGroupName: "/g",
      logStreamName: "s1",
      message: "ERROR boom",
      eventId: "e1",
    });
  });

  it("sorts events by time, then stream and event id", () => {
    const at = (t: number, stream: string, id: string): FilteredLogEvent => ({
      timestamp: t,
      logStreamName: stream,
      eventId: id,
      message: "",
    });
    const sorted = sortLogEvents([at(2, "a", "1"), at(1, "b", "2"), at(1, "a", "3"), at(1, "a", "0")]);
    expect(sorted.map((e) => e.eventId)).toEqual(["0", "3", "2", "1"]);
  });

  it("sorts stream names and ids by code unit (not locale), times numerically, and a missing time first", () => {
    const raw: FilteredLogEvent[] = [
      { timestamp: 5, logStreamName: "b", eventId: "2" },
      { timestamp: 5, logStreamName: "a", eventId: "9" },
      { timestamp: 1, logStreamName: "Z", eventId: "1" },
      { timestamp: 5, logStreamName: "a", eventId: "10" },
      { timestamp: 1_700_000_000_000, logStreamName: "a", eventId: "0" },
      { logStreamName: "no-time", eventId: "3" },
    ];
    expect(sortLogEvents(raw).map((e) => e.eventId)).toEqual(["3", "1", "10", "9", "2", "0"]);
  });

  it("turns an Insights row into a record keyed by field, without @ptr, with an ISO @timestamp", () => {
    const record = normalizeInsightsRow(
      [
        { field: "@timestamp", value: "2024-05-01 10:00:00.123" },
        { field: "@message", value: "ERROR boom" },
        { field: "count()", value: "3" },
        { field: "@ptr", value: "CmAKJwoj..." },
      ],
      "123456789012",
      "us-east-1",
    );
    expect(record).toEqual({
      account: "123456789012",
      region: "us-east-1",
      "@timestamp": "2024-05-01T10:00:00.123Z",
      "@message": "ERROR boom",
      "count()": "3",
    });
    expect(Object.keys(record).slice(0, 2)).toEqual(["account", "region"]);
  });

  it("keeps a query field named region apart from the record's region", () => {
    const record = normalizeInsightsRow([{ field: "region", value: "from-the-log" }], null, "us-east-1");
    expect(record.region).toBe("us-east-1");
    expect(record["field:region"]).toBe("from-the-log");
  });

  it("reads both Insights' timestamp text and epoch milliseconds, and leaves anything else alone", () => {
    expect(insightsTimestamp("2024-05-01 10:00:00.000")).toBe("2024-05-01T10:00:00.000Z");
    expect(insightsTimestamp(String(Date.UTC(2024, 4, 1, 10)))).toBe("2024-05-01T10:00:00.000Z");
    expect(insightsTimestamp("yesterday")).toBe("yesterday");
  });

  it("derives table columns from the fields in first-seen order, region last", () => {
    const rows = [
      normalizeInsightsRow([{ field: "@timestamp", value: "1" }], null, "r"),
      normalizeInsightsRow([{ field: "level", value: "x" }], null, "r"),
    ];
    expect(insightsColumns(rows)).toEqual(["@timestamp", "level", "region"]);
  });
});
