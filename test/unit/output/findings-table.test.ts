import { describe, expect, it } from "vitest";
import { findingsSummary, renderDiffTable, renderFindingsTable } from "../../../src/output/findings-table.js";
import { diffFindings } from "../../../src/rules/diff.js";
import { finding } from "../../helpers/records.js";

describe("the triage table", () => {
  it("groups findings by severity, worst first, with aligned columns and a count line", () => {
    const text = renderFindingsTable([
      finding({
        severity: "high",
        ruleId: "cloudwatch.alarm-firing",
        resourceId: "api-5xx",
        title: "Alarm api-5xx is ALARM",
      }),
      finding({
        severity: "high",
        ruleId: "lambda.errors",
        resourceId: "checkout",
        title: "Function checkout: 5 errors",
      }),
      finding({}),
    ]);
    expect(text).toBe(
      [
        "HIGH (2)",
        "  cloudwatch.alarm-firing  api-5xx   us-east-1  Alarm api-5xx is ALARM",
        "  lambda.errors            checkout  us-east-1  Function checkout: 5 errors",
        "LOW (1)",
        "  logs.no-retention        /g        us-east-1  Log group /g never expires",
        "",
        "3 findings: 2 high, 1 low",
        "",
      ].join("\n"),
    );
  });

  it("prints nothing when there is nothing to report (emit says so on stderr, on a terminal)", () => {
    expect(renderFindingsTable([])).toBe("");
  });

  it("counts findings per severity for the summary line", () => {
    expect(findingsSummary([])).toBe("0 findings");
    expect(findingsSummary([finding({})])).toBe("1 finding: 1 low");
    expect(
      findingsSummary([
        finding({ severity: "info" }),
        finding({ severity: "critical" }),
        finding({ severity: "info" }),
      ]),
    ).toBe("3 findings: 1 critical, 2 info");
  });

  it("counts what the config file suppressed on the summary line, even when nothing is left", () => {
    expect(findingsSummary([finding({ severity: "high" })], 2)).toBe("1 finding: 1 high; 2 suppressed");
    expect(findingsSummary([], 1)).toBe("0 findings; 1 suppressed");
    expect(renderFindingsTable([], undefined, 1)).toBe("0 findings; 1 suppressed\n");
    expect(renderFindingsTable([finding({ severity: "low" })], undefined, 3)).toMatch(
      /\n1 finding: 1 low; 3 suppressed\n$/,
    );
  });
});

describe("the diff table", () => {
  it("groups by change and shows a severity that moved", () => {
    const entries = diffFindings(
      [finding({ resourceId: "/old" }), finding({ ruleId: "lambda.errors", resourceId: "f", severity: "medium" })],
      [finding({ resourceId: "/new" }), finding({ ruleId: "lambda.errors", resourceId: "f", severity: "high" })],
    );
    const lines = renderDiffTable(entries).split("\n");
    expect(lines[0]).toBe("NEW (1)");
    expect(lines[1]).toMatch(/^ {2}low {10}logs\.no-retention +\/new +us-east-1 /);
    expect(lines[2]).toBe("RESOLVED (1)");
    expect(lines[4]).toBe("UNCHANGED (1)");
    expect(lines[5]).toMatch(/^ {2}medium→high {2}lambda\.errors +f +us-east-1/);
    expect(lines.at(-2)).toBe("1 new, 1 resolved, 1 unchanged");
  });
});
