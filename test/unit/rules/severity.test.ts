import { describe, expect, it } from "vitest";
import {
  atOrWorse,
  compareFindings,
  failOnExitCode,
  findingKey,
  severityOption,
  sortFindings,
  SEVERITIES,
} from "../../../src/rules/severity.js";
import type { Severity } from "../../../src/records/index.js";
import { finding } from "../../helpers/records.js";

describe("--fail-on", () => {
  const one = (severity: Severity) => [finding({ severity })];

  it.each(SEVERITIES.map((threshold, i) => [threshold, i] as const))(
    "--fail-on %s exits 6 for that severity and worse, 0 for milder ones",
    (threshold, rank) => {
      SEVERITIES.forEach((severity, i) => {
        expect(failOnExitCode(one(severity), threshold), `${severity} vs --fail-on ${threshold}`).toBe(
          i <= rank ? 6 : 0,
        );
      });
    },
  );

  it("selects the findings at a severity or worse", () => {
    const all = SEVERITIES.map((severity) => finding({ severity }));
    expect(atOrWorse(all, "medium").map((f) => f.severity)).toEqual(["critical", "high", "medium"]);
    expect(atOrWorse(all, "critical").map((f) => f.severity)).toEqual(["critical"]);
  });

  it("exits 0 without findings or without --fail-on", () => {
    expect(failOnExitCode([], "info")).toBe(0);
    expect(failOnExitCode(one("critical"), undefined)).toBe(0);
  });

  it("accepts the five severities and rejects anything else with the list", () => {
    expect(severityOption.parse("medium")).toBe("medium");
    expect(severityOption.parse(undefined)).toBeUndefined();
    const bad = severityOption.safeParse("severe");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("--fail-on must be one of critical, high, medium, low, info");
    expect(severityOption.safeParse("HIGH").success).toBe(false);
  });
});

describe("the order of findings", () => {
  it("sorts by severity (worst first), then rule, then resource id, region and account", () => {
    const input = [
      finding({ severity: "low", ruleId: "logs.no-retention", resourceId: "/b" }),
      finding({ severity: "high", ruleId: "lambda.errors", resourceId: "z" }),
      finding({ severity: "high", ruleId: "cloudwatch.alarm-firing", resourceId: "y" }),
      finding({ severity: "low", ruleId: "logs.no-retention", resourceId: "/a", region: "us-west-2" }),
      finding({ severity: "low", ruleId: "logs.no-retention", resourceId: "/a", region: "eu-west-1" }),
      finding({ severity: "critical", ruleId: "x.y", resourceId: "q" }),
      finding({ severity: "medium", ruleId: "lambda.errors", resourceId: "a" }),
      finding({
        severity: "low",
        ruleId: "logs.no-retention",
        resourceId: "/a",
        region: "eu-west-1",
        account: "000000000000",
      }),
    ];
    expect(
      sortFindings(input).map((f) => `${f.severity} ${f.ruleId} ${f.resourceId} ${f.region} ${f.account}`),
    ).toEqual([
      "critical x.y q us-east-1 123456789012",
      "high cloudwatch.alarm-firing y us-east-1 123456789012",
      "high lambda.errors z us-east-1 123456789012",
      "medium lambda.errors a us-east-1 123456789012",
      "low logs.no-retention /a eu-west-1 000000000000",
      "low logs.no-retention /a eu-west-1 123456789012",
      "low logs.no-retention /a us-west-2 123456789012",
      "low logs.no-retention /b us-east-1 123456789012",
    ]);
  });

  it("gives the same order whatever the input order, comparing by code point not locale", () => {
    const input = [
      finding({ resourceId: "b" }),
      finding({ resourceId: "B" }),
      finding({ resourceId: "a" }),
      finding({ resourceId: "é" }),
    ];
    const expected = ["B", "a", "b", "é"];
    expect(sortFindings(input).map((f) => f.resourceId)).toEqual(expected);
    expect(sortFindings([...input].reverse()).map((f) => f.resourceId)).toEqual(expected);
    expect(compareFindings(input[0]!, input[0]!)).toBe(0);
    expect(input.map((f) => f.resourceId)).toEqual(["b", "B", "a", "é"]); // not sorted in place
  });
});

describe("finding identity", () => {
  it("is rule + account + region + resource id, ignoring severity, title and evidence", () => {
    const a = finding({ severity: "medium", title: "3 errors", evidence: { errors: 3 } });
    const b = finding({ severity: "high", title: "90 errors", evidence: { errors: 90 } });
    expect(findingKey(a)).toBe(findingKey(b));
    expect(findingKey(a)).not.toBe(findingKey(finding({ region: "us-west-2" })));
    expect(findingKey(a)).not.toBe(findingKey(finding({ account: null })));
    expect(findingKey(a)).not.toBe(findingKey(finding({ ruleId: "lambda.errors" })));
  });
});
