/** A resource's findings on its timeline: where each began (a metric's onset, a status check's ImpairedSince). */
import { describe, expect, it } from "vitest";
import { findingEvents } from "../../../src/timeline/events.js";
import { finding } from "../../helpers/records.js";

const impaired = finding({
  ruleId: "ec2.status-impaired",
  severity: "high",
  title: "Instance i-0f9e8d7c6b5a40312: instance status check impaired",
  resourceType: "ec2:instance",
  resourceId: "i-0f9e8d7c6b5a40312",
  evidence: { systemStatus: "ok", instanceStatus: "impaired", impairedSince: "2026-12-07T12:51:00.000Z" },
});

describe("findingEvents", () => {
  it("puts an impaired status check's onset at EC2's ImpairedSince", () => {
    expect(findingEvents([impaired], new Set(["i-0f9e8d7c6b5a40312"]))).toEqual([
      {
        at: "2026-12-07T12:51:00.000Z",
        kind: "onset",
        resource: "i-0f9e8d7c6b5a40312",
        summary: "Instance i-0f9e8d7c6b5a40312: instance status check impaired",
        evidence: { ruleId: "ec2.status-impaired", severity: "high", trend: null },
      },
    ]);
  });

  it("gives a finding without a series or ImpairedSince no event, and another resource's none", () => {
    const hygiene = finding({ resourceId: "i-0f9e8d7c6b5a40312", evidence: {} });
    expect(findingEvents([hygiene], new Set(["i-0f9e8d7c6b5a40312"]))).toEqual([]);
    expect(findingEvents([impaired], new Set(["i-other"]))).toEqual([]);
  });
});
