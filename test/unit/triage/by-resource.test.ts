import { describe, expect, it } from "vitest";
import { resourceRows } from "../../../src/triage/by-resource.js";
import { finding } from "../../helpers/records.js";

describe("triage --by resource", () => {
  it("groups findings per account, region and resource, the worst resource first, with its signals", () => {
    const pay = { resourceType: "lambda:function", resourceId: "pay" };
    const rows = resourceRows([
      finding({
        ...pay,
        ruleId: "lambda.throttles",
        severity: "medium",
        title: "Function pay: 3 throttled invocations",
      }),
      finding({
        resourceType: "logs:log-group",
        resourceId: "/aws/lambda/x",
        severity: "low",
        title: "Log group /aws/lambda/x never expires",
      }),
      finding({ ...pay, ruleId: "lambda.errors", severity: "high", title: "Function pay: 40 errors" }),
      finding({
        ...pay,
        region: "us-west-2",
        ruleId: "lambda.errors",
        severity: "high",
        title: "Function pay: 1 error",
      }),
    ]);
    expect(rows.map((r) => [r.resource, r.region, r.severity, r.signals, r.findings.length])).toEqual([
      ["pay", "us-east-1", "high", "40 errors; 3 throttled invocations", 2],
      ["pay", "us-west-2", "high", "1 error", 1],
      ["/aws/lambda/x", "us-east-1", "low", "never expires", 1],
    ]);
    expect(rows[0]?.findings.map((f) => f.ruleId)).toEqual(["lambda.errors", "lambda.throttles"]);
  });

  it("ranks a resource with two high findings above one with a single high", () => {
    const rows = resourceRows([
      finding({ resourceId: "a", severity: "high" }),
      finding({ resourceId: "b", severity: "high", ruleId: "x.one" }),
      finding({ resourceId: "b", severity: "high", ruleId: "x.two" }),
    ]);
    expect(rows.map((r) => r.resource)).toEqual(["b", "a"]);
  });
});
