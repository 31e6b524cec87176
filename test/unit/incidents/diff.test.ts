import { describe, expect, it } from "vitest";
import { countIncidentChanges, matchIncidents } from "../../../src/incidents/diff.js";
import { incidentSummary } from "../../../src/commands/diff.js";
import { finding } from "../../helpers/records.js";

const member = (ruleId: string, resourceId: string, incident: string | null) =>
  finding({ ruleId, resourceId, incident, role: incident === null ? null : "affected" });

describe("diff by incident", () => {
  it("matches an incident whose id changed (a resource joined it) by the members it shares", () => {
    const before = [member("apigw.5xx-rate", "orders-api", "inc-a"), member("lambda.throttles", "handler", "inc-a")];
    const after = [
      member("apigw.5xx-rate", "orders-api", "inc-b"),
      member("lambda.throttles", "handler", "inc-b"),
      member("lambda.concurrency-near-limit", "account", "inc-b"),
      member("alb.unhealthy-hosts", "targetgroup/web/1", "inc-c"),
    ];
    expect([...matchIncidents(after, before)]).toEqual([["inc-b", "inc-a"]]);
    expect(countIncidentChanges(before, after)).toEqual({ new: 1, resolved: 0, ongoing: 1 });
    expect(countIncidentChanges(after, before)).toEqual({ new: 0, resolved: 1, ongoing: 1 });
  });

  it("says nothing about incidents for documents written before they existed, and ignores hygiene", () => {
    const old = [finding({ ruleId: "lambda.errors", resourceId: "f" })];
    expect(incidentSummary(old, old)).toBe("");
    const now = [member("logs.no-retention", "/g", null), member("lambda.errors", "f", "inc-x")];
    expect(incidentSummary(old, now)).toBe(" | incidents: 1 new, 0 resolved, 0 ongoing");
  });
});
