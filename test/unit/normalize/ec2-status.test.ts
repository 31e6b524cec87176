import { describe, expect, it } from "vitest";
import {
  isFinishedEvent,
  isOpenEvent,
  needsAttention,
  normalizeInstanceStatus,
  type CachedInstanceStatus,
} from "../../../src/normalize/ec2.js";
import type { InstanceStatusRecord } from "../../../src/records/index.js";

/** A DescribeInstanceStatus item as EC2 documents it, after the cache's JSON round-trip. */
const impairedWithRetirement: CachedInstanceStatus = {
  AvailabilityZone: "eu-west-1b",
  InstanceId: "i-0abc",
  InstanceState: { Code: 16, Name: "running" },
  SystemStatus: {
    Status: "impaired",
    Details: [{ Name: "reachability", Status: "failed", ImpairedSince: new Date("2025-03-01T10:00:00Z") }],
  },
  InstanceStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
  Events: [
    {
      Code: "instance-retirement",
      Description: "The instance is running on degraded hardware",
      NotBefore: "2025-03-10T00:00:00.000Z",
      NotAfter: "2025-03-17T00:00:00.000Z",
    },
  ],
};

const record = (overrides: Partial<InstanceStatusRecord>): InstanceStatusRecord => ({
  account: "123456789012",
  region: "us-east-1",
  instanceId: "i-1",
  state: "running",
  systemStatus: "ok",
  instanceStatus: "ok",
  events: [],
  name: null,
  impairedSince: null,
  ebsStatus: null,
  ...overrides,
});

describe("normalizeInstanceStatus", () => {
  it("keeps both checks and every scheduled event with code, description and dates", () => {
    expect(normalizeInstanceStatus(impairedWithRetirement, "123456789012", "eu-west-1")).toEqual({
      account: "123456789012",
      region: "eu-west-1",
      instanceId: "i-0abc",
      state: "running",
      systemStatus: "impaired",
      instanceStatus: "ok",
      events: [
        {
          code: "instance-retirement",
          description: "The instance is running on degraded hardware",
          notBefore: "2025-03-10T00:00:00.000Z",
          notAfter: "2025-03-17T00:00:00.000Z",
          eventId: null,
          notBeforeDeadline: null,
        },
      ],
      name: null,
      impairedSince: "2025-03-01T10:00:00.000Z",
      ebsStatus: null,
    });
  });

  it("appends the new fields after the original ones, so existing output keeps its prefix", () => {
    expect(Object.keys(normalizeInstanceStatus(impairedWithRetirement, null, "eu-west-1"))).toEqual([
      "account",
      "region",
      "instanceId",
      "state",
      "systemStatus",
      "instanceStatus",
      "events",
      "name",
      "impairedSince",
      "ebsStatus",
    ]);
  });

  it("takes the earliest ImpairedSince of every check, the attached-EBS status, and each event's id and deadline", () => {
    const item: CachedInstanceStatus = {
      InstanceId: "i-ebs",
      InstanceState: { Name: "running" },
      SystemStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
      InstanceStatus: {
        Status: "impaired",
        Details: [{ Name: "reachability", Status: "failed", ImpairedSince: "2026-11-30T09:00:00.000Z" }],
      },
      AttachedEbsStatus: {
        Status: "impaired",
        Details: [{ Name: "reachability", Status: "failed", ImpairedSince: "2026-11-30T08:15:00.000Z" }],
      },
      Events: [
        {
          InstanceEventId: "instance-event-0d59937288b749b32",
          Code: "system-reboot",
          Description: "scheduled reboot",
          NotBefore: "2026-12-05T09:00:00.000Z",
          NotAfter: "2026-12-05T11:00:00.000Z",
          NotBeforeDeadline: "2026-12-12T09:00:00.000Z",
        },
      ],
    };
    const names = new Map([["i-ebs", "db-primary"]]);
    expect(normalizeInstanceStatus(item, null, "us-east-1", names)).toMatchObject({
      name: "db-primary",
      impairedSince: "2026-11-30T08:15:00.000Z",
      ebsStatus: "impaired",
      events: [{ eventId: "instance-event-0d59937288b749b32", notBeforeDeadline: "2026-12-12T09:00:00.000Z" }],
    });
    expect(normalizeInstanceStatus(item, null, "us-east-1", new Map()).name).toBeNull();
  });

  it("gives nulls and no events for a stopped instance that EC2 reports as not-applicable without details", () => {
    const stopped = normalizeInstanceStatus(
      {
        InstanceId: "i-stop",
        InstanceState: { Name: "stopped" },
        SystemStatus: { Status: "not-applicable" },
        InstanceStatus: { Status: "not-applicable" },
      },
      null,
      "us-east-1",
    );
    expect(stopped).toMatchObject({
      account: null,
      state: "stopped",
      systemStatus: "not-applicable",
      instanceStatus: "not-applicable",
      events: [],
    });
    expect(normalizeInstanceStatus({ InstanceId: "i-bare" }, null, "us-east-1")).toMatchObject({
      state: null,
      systemStatus: null,
      instanceStatus: null,
    });
  });

  it("accepts event dates as Date objects (fresh from the SDK) and drops unparsable ones", () => {
    const fresh = normalizeInstanceStatus(
      {
        InstanceId: "i-1",
        Events: [{ Code: "system-reboot", NotBefore: new Date("2025-05-01T08:00:00Z"), NotAfter: "soon" }],
      },
      null,
      "us-east-1",
    );
    expect(fresh.events).toEqual([
      {
        code: "system-reboot",
        description: null,
        notBefore: "2025-05-01T08:00:00.000Z",
        notAfter: null,
        eventId: null,
        notBeforeDeadline: null,
      },
    ]);
  });
});

describe("needsAttention (what ec2 status lists without --all)", () => {
  it("lists an impaired or insufficient-data check", () => {
    expect(needsAttention(record({ systemStatus: "impaired" }))).toBe(true);
    expect(needsAttention(record({ instanceStatus: "impaired" }))).toBe(true);
    expect(needsAttention(record({ instanceStatus: "insufficient-data" }))).toBe(true);
  });

  it("leaves out healthy, booting and stopped instances", () => {
    expect(needsAttention(record({}))).toBe(false);
    expect(needsAttention(record({ systemStatus: "initializing", instanceStatus: "initializing" }))).toBe(false);
    expect(
      needsAttention(record({ state: "stopped", systemStatus: "not-applicable", instanceStatus: "not-applicable" })),
    ).toBe(false);
    expect(needsAttention(record({ systemStatus: null, instanceStatus: null }))).toBe(false);
  });

  it("lists a healthy instance with a scheduled event still to come, but not one whose events are completed or canceled", () => {
    const event = {
      code: "system-reboot",
      description: "scheduled reboot",
      notBefore: "2025-05-01T08:00:00.000Z",
      notAfter: null,
      eventId: null,
      notBeforeDeadline: null,
    };
    expect(needsAttention(record({ events: [event] }))).toBe(true);
    expect(needsAttention(record({ events: [{ ...event, description: "[Completed] scheduled reboot" }] }))).toBe(false);
    expect(needsAttention(record({ events: [{ ...event, description: "[Canceled] scheduled reboot" }] }))).toBe(false);
  });
});

describe("isOpenEvent", () => {
  it("treats an event without a description as open", () => {
    expect(
      isOpenEvent({
        code: "instance-stop",
        description: null,
        notBefore: null,
        notAfter: null,
        eventId: null,
        notBeforeDeadline: null,
      }),
    ).toBe(true);
  });
});

describe("isFinishedEvent: the one rule for an event EC2 marks done, shared by `ec2 status` and triage", () => {
  it.each([
    "[Completed] scheduled reboot",
    "[Canceled] scheduled reboot",
    "[Cancelled] scheduled reboot",
    "[completed] scheduled reboot",
    "[CANCELED] scheduled reboot",
    "[cancelled] scheduled reboot",
    "  [Completed] scheduled reboot",
    " [Cancelled] scheduled reboot",
  ])("%j is finished, so `ec2 status` does not list it", (description) => {
    expect(isFinishedEvent(description)).toBe(true);
    const event = {
      code: "system-reboot",
      description,
      notBefore: "2025-05-01T08:00:00.000Z",
      notAfter: null,
      eventId: null,
      notBeforeDeadline: null,
    };
    expect(needsAttention(record({ events: [event] }))).toBe(false);
  });

  it.each([
    "scheduled reboot",
    "The instance is running on degraded hardware",
    "Completed soon [Canceled]",
    "[Complete] scheduled reboot",
    "[Cancel] scheduled reboot",
  ])("%j is still to come", (description) => {
    expect(isFinishedEvent(description)).toBe(false);
  });

  it("treats a missing description as not finished", () => {
    expect(isFinishedEvent(null)).toBe(false);
    expect(isFinishedEvent(undefined)).toBe(false);
  });
});
