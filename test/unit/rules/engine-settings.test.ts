import { describe, expect, it } from "vitest";
import { effectiveRules, rejudge, runRules } from "../../../src/rules/engine.js";
import type { JudgementSettings } from "../../../src/rules/settings.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";
import { lambdaFunction, lambdaMetrics, logGroup } from "../../helpers/records.js";

const AT = "2026-11-30T08:00:00.000Z";
const settings = (over: Partial<JudgementSettings>): JudgementSettings => ({
  rules: {},
  runtimes: [],
  suppress: [],
  ...over,
});

function account(): TriageData {
  const data = emptyTriageData();
  data.metrics = [
    { observedAt: AT, records: [lambdaMetrics({ functionName: "pay", errors: 8, invocations: 100, errorRate: 0.08 })] },
  ];
  data.logGroups = [
    { observedAt: AT, records: [logGroup({ logGroupName: "/aws/lambda/legacy", retentionInDays: null })] },
  ];
  data.functions = [{ observedAt: AT, records: [lambdaFunction({ functionName: "old", runtime: "python3.13" })] }];
  return data;
}

describe("the config file's judgement in the engine", () => {
  it("a raised threshold changes the computed severity", () => {
    const before = runRules(account()).findings.find((f) => f.ruleId === "lambda.errors");
    const after = runRules(
      account(),
      settings({ rules: { "lambda.errors": { thresholds: { errorRateHigh: 0.1 } } } }),
    ).findings.find((f) => f.ruleId === "lambda.errors");
    expect(before?.severity).toBe("high");
    expect(after?.severity).toBe("medium");
    expect(after?.evidence.highAtErrorRate).toBe(0.1);
  });

  it("a configured severity replaces the computed one", () => {
    const { findings } = runRules(account(), settings({ rules: { "logs.no-retention": { severity: "critical" } } }));
    expect(findings[0]).toMatchObject({ ruleId: "logs.no-retention", severity: "critical" });
  });

  it("a disabled rule raises nothing", () => {
    const { findings } = runRules(account(), settings({ rules: { "logs.no-retention": { enabled: false } } }));
    expect(findings.map((f) => f.ruleId)).toEqual(["lambda.errors"]);
  });

  it("a suppression hides a finding until its day has passed, and keeps its reason", () => {
    const suppress = [
      { ruleId: "logs.no-retention", resourceId: "/aws/lambda/legacy", until: "2027-01-31", reason: "decommissioning" },
    ];
    const during = runRules(account(), settings({ suppress }), "2027-01-31");
    expect(during.findings.map((f) => f.ruleId)).toEqual(["lambda.errors"]);
    expect(during.suppressed).toEqual([
      expect.objectContaining({
        ruleId: "logs.no-retention",
        resourceId: "/aws/lambda/legacy",
        suppressedBy: { reason: "decommissioning", until: "2027-01-31" },
      }),
    ]);
    const after = runRules(account(), settings({ suppress }), "2027-02-01");
    expect(after.findings.map((f) => f.ruleId)).toContain("logs.no-retention");
    expect(after.suppressed).toEqual([]);
  });

  it("a suppression of another resource hides nothing", () => {
    const suppress = [{ ruleId: "logs.no-retention", resourceId: "/other", reason: "x" }];
    expect(runRules(account(), settings({ suppress })).suppressed).toEqual([]);
  });

  it("a corrected runtime date wins over the built-in table", () => {
    const early = settings({ runtimes: [{ runtime: "python3.13", name: "Python 3.13", deprecatedOn: "2026-01-01" }] });
    const { findings } = runRules(account(), early);
    expect(findings.find((f) => f.ruleId === "lambda.deprecated-runtime")?.title).toBe(
      "Function old: runtime python3.13 (Python 3.13) deprecated since 2026-01-01",
    );
  });

  it("lists thresholds with their defaults and the values in effect", () => {
    const rules = effectiveRules(
      settings({ rules: { "lambda.errors": { thresholds: { errorRateHigh: 0.2 }, enabled: false } } }),
    );
    const errors = rules.find((r) => r.rule.id === "lambda.errors");
    expect(errors?.thresholds).toEqual({ errorRateHigh: 0.2 });
    expect(errors?.rule.thresholds?.errorRateHigh?.default).toBe(0.05);
    expect(errors?.enabled).toBe(false);
    expect(rules.find((r) => r.rule.id === "logs.no-retention")?.enabled).toBe(true);
  });
});

describe("rejudging another run's findings (diff --fail-on)", () => {
  it("drops disabled rules and active suppressions, and replaces configured severities", () => {
    const { findings } = runRules(account());
    const judged = rejudge(
      findings,
      settings({
        rules: { "lambda.errors": { severity: "low" }, "lambda.deprecated-runtime": { enabled: false } },
        suppress: [
          { ruleId: "logs.no-retention", resourceId: "/aws/lambda/legacy", until: "2026-12-31", reason: "going away" },
        ],
      }),
      "2026-12-01",
    );
    expect(judged.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["lambda.errors low"]);
  });

  it("reports a finding again once its suppression has expired", () => {
    const { findings } = runRules(account());
    const suppress = [
      { ruleId: "logs.no-retention", resourceId: "/aws/lambda/legacy", until: "2026-12-31", reason: "x" },
    ];
    expect(rejudge(findings, settings({ suppress }), "2027-01-01").map((f) => f.ruleId)).toContain("logs.no-retention");
  });
});
