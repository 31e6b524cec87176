/**
 * An incident's words for a finding without a signal of its own: the title after the resource,
 * never the resource's name a second time, and never half an emoji.
 */
import { describe, expect, it } from "vitest";
import { shortName, signalOf } from "../../../src/incidents/signals.js";
import { finding } from "../../helpers/records.js";

const scheduled = (name: string | null) =>
  finding({
    ruleId: "ec2.scheduled-event",
    severity: "medium",
    resourceType: "ec2:instance",
    resourceId: "i-0a1b2c3d4e5f60718",
    title: `Instance i-0a1b2c3d4e5f60718${name === null ? "" : ` (${name})`}: scheduled instance-stop from 2026-12-09`,
    evidence: { name },
  });

describe("signalOf from a title", () => {
  it("leaves out an instance's Name tag, which the incident already names it by", () => {
    const f = scheduled("batch-worker-3");
    expect(`${shortName(f)} ${signalOf(f)}`).toBe("batch-worker-3 scheduled instance-stop from 2026-12-09");
  });

  it("keeps the title after the id when the instance has no name", () => {
    const f = scheduled(null);
    expect(`${shortName(f)} ${signalOf(f)}`).toBe("i-0a1b2c3d4e5f60718 scheduled instance-stop from 2026-12-09");
  });

  it("cuts a long title between characters, never inside an emoji", () => {
    const f = finding({ resourceId: "/g", title: `Log group /g ${"x".repeat(38)}🚀🚀 never expires` });
    const signal = signalOf(f);
    expect(signal).toBe(`${"x".repeat(38)}🚀…`);
    expect(signal).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
