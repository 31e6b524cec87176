import { describe, expect, it } from "vitest";
import { scheduledEvent, statusImpaired } from "../../../src/rules/ec2.js";
import { ACCOUNT, check, ctx, instanceStatus, OBSERVED_AT, REGION } from "../../helpers/records.js";

const retirement = {
  code: "instance-retirement",
  description: "The instance is running on degraded hardware",
  notBefore: "2026-03-20T00:00:00.000Z",
  notAfter: null,
  eventId: null,
  notBeforeDeadline: null,
};

describe("ec2.status-impaired", () => {
  it("reports an instance whose system status check is impaired, with every finding field", () => {
    const [finding, ...rest] = check(statusImpaired, [instanceStatus({ systemStatus: "impaired" })], ctx());
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      ruleId: "ec2.status-impaired",
      severity: "high",
      title: "Instance i-0123456789abcdef0: system status check impaired",
      resourceType: "ec2:instance",
      resourceId: "i-0123456789abcdef0",
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`,
      account: ACCOUNT,
      region: REGION,
      evidence: {
        state: "running",
        systemStatus: "impaired",
        instanceStatus: "ok",
        ebsStatus: null,
        impairedSince: null,
        name: null,
      },
      observedAt: OBSERVED_AT,
      related: [],
    });
  });

  it("names the instance by its Name tag too, in the title and the evidence", () => {
    const [impaired] = check(statusImpaired, [instanceStatus({ systemStatus: "impaired", name: "batch-1" })], ctx());
    expect(impaired?.title).toBe("Instance i-0123456789abcdef0 (batch-1): system status check impaired");
    expect(impaired?.evidence.name).toBe("batch-1");
  });

  it("reports an impaired instance status check, and names both when both fail", () => {
    expect(check(statusImpaired, [instanceStatus({ instanceStatus: "impaired" })], ctx())[0]?.title).toMatch(
      /: instance status check impaired$/,
    );
    expect(
      check(statusImpaired, [instanceStatus({ systemStatus: "impaired", instanceStatus: "impaired" })], ctx())[0]
        ?.title,
    ).toMatch(/system and instance status check/);
  });

  it("reports an impaired attached-EBS status check, alone or with the others", () => {
    const [ebs] = check(
      statusImpaired,
      [instanceStatus({ ebsStatus: "impaired", impairedSince: "2026-03-10T07:00:00.000Z" })],
      ctx(),
    );
    expect(ebs?.title).toBe("Instance i-0123456789abcdef0: attached-EBS status check impaired");
    expect(ebs?.evidence).toMatchObject({ ebsStatus: "impaired", impairedSince: "2026-03-10T07:00:00.000Z" });
    expect(
      check(statusImpaired, [instanceStatus({ systemStatus: "impaired", ebsStatus: "impaired" })], ctx())[0]?.title,
    ).toMatch(/: system and attached-EBS status check impaired$/);
    expect(check(statusImpaired, [instanceStatus({ ebsStatus: "initializing" })], ctx())).toEqual([]);
  });

  it("ignores ok, initializing, insufficient-data and unknown statuses", () => {
    const records = [
      instanceStatus({ ebsStatus: "ok" }),
      instanceStatus(),
      instanceStatus({ systemStatus: "initializing", instanceStatus: "initializing" }),
      instanceStatus({ systemStatus: "insufficient-data", instanceStatus: "not-applicable" }),
      instanceStatus({ systemStatus: null, instanceStatus: null }),
    ];
    expect(check(statusImpaired, records, ctx())).toEqual([]);
  });

  it("has no ARN when the account is unknown", () => {
    expect(
      check(statusImpaired, [instanceStatus({ account: null, systemStatus: "impaired" })], ctx())[0]?.arn,
    ).toBeNull();
  });
});

describe("ec2.scheduled-event", () => {
  it("reports one medium finding per instance listing its pending events", () => {
    const reboot = {
      code: "system-reboot",
      description: "scheduled reboot",
      notBefore: "2026-03-15T02:00:00.000Z",
      notAfter: "2026-03-15T04:00:00.000Z",
      eventId: "instance-event-0d59937288b749b32",
      notBeforeDeadline: null,
    };
    const findings = check(scheduledEvent, [instanceStatus({ events: [retirement, reboot] })], ctx());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: "ec2.scheduled-event",
      severity: "medium",
      resourceId: "i-0123456789abcdef0",
      title: "Instance i-0123456789abcdef0: scheduled instance-retirement, system-reboot from 2026-03-15T02:00:00.000Z",
      evidence: { events: [retirement, reboot] },
    });
  });

  it("ignores instances without events and events EC2 marks completed or canceled", () => {
    const done = { ...retirement, description: "[Completed] The instance is running on degraded hardware" };
    const canceled = { ...retirement, code: "system-reboot", description: "[Canceled] scheduled reboot" };
    expect(check(scheduledEvent, [instanceStatus(), instanceStatus({ events: [done, canceled] })], ctx())).toEqual([]);
  });

  it.each(["[Completed]", "[Canceled]", "[Cancelled]", "[completed]", "[CANCELLED]", "  [Canceled]"])(
    "ignores an event marked %j, as `ec2 status` does",
    (prefix) => {
      const finished = { ...retirement, description: `${prefix} scheduled reboot` };
      expect(check(scheduledEvent, [instanceStatus({ events: [finished] })], ctx())).toEqual([]);
    },
  );
});
