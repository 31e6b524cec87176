import { describe, expect, it } from "vitest";
import { countChanges, diffFindings, parseFindingsDocument, worsened } from "../../../src/rules/diff.js";
import type { Finding } from "../../../src/records/index.js";
import { finding } from "../../helpers/records.js";

/** A lambda.errors finding for one function. */
const lambdaFinding = (resourceId: string, overrides: Partial<Finding> = {}): Finding =>
  finding({
    ruleId: "lambda.errors",
    severity: "medium",
    resourceType: "lambda:function",
    resourceId,
    title: `Function ${resourceId}`,
    evidence: { errors: 1 },
    ...overrides,
  });

describe("diffing findings", () => {
  it("classifies findings as new, resolved or unchanged, new first", () => {
    const before = [
      lambdaFinding("fixed"),
      lambdaFinding("still"),
      lambdaFinding("other-region", { region: "eu-west-1" }),
    ];
    const after = [
      lambdaFinding("still", { evidence: { errors: 9 }, observedAt: "2026-01-02T00:00:00.000Z" }),
      lambdaFinding("fresh"),
      lambdaFinding("other-region", { region: "us-west-2" }),
    ];
    const entries = diffFindings(before, after);
    expect(entries.map((e) => `${e.change} ${e.resourceId} ${e.region}`)).toEqual([
      "new fresh us-east-1",
      "new other-region us-west-2",
      "resolved fixed us-east-1",
      "resolved other-region eu-west-1",
      "unchanged still us-east-1",
    ]);
    expect(countChanges(entries)).toEqual({ new: 2, resolved: 2, unchanged: 1 });
  });

  it("reports unchanged findings as they are now, with the severity they had", () => {
    const [entry] = diffFindings(
      [lambdaFinding("f")],
      [lambdaFinding("f", { severity: "high", evidence: { errors: 90 } })],
    );
    expect(entry).toMatchObject({
      change: "unchanged",
      severity: "high",
      previousSeverity: "medium",
      evidence: { errors: 90 },
    });
    expect(worsened([entry!]).map((e) => e.resourceId)).toEqual(["f"]);
    expect(worsened(diffFindings([lambdaFinding("f", { severity: "high" })], [lambdaFinding("f")]))).toEqual([]);
  });

  it("gives new findings no previous severity and resolved ones their last", () => {
    const entries = diffFindings([lambdaFinding("gone", { severity: "low" })], [lambdaFinding("came")]);
    expect(entries.map((e) => [e.change, e.previousSeverity])).toEqual([
      ["new", null],
      ["resolved", "low"],
    ]);
  });

  it("has nothing to report for two empty documents, and everything unchanged for the same one", () => {
    expect(diffFindings([], [])).toEqual([]);
    const same = [lambdaFinding("a"), lambdaFinding("b")];
    expect(countChanges(diffFindings(same, same))).toEqual({ new: 0, resolved: 0, unchanged: 2 });
  });
});

describe("reading triage --out documents", () => {
  const doc = {
    schemaVersion: 1,
    generatedAt: "2026-01-01T00:00:00.000Z",
    command: "triage",
    findings: [lambdaFinding("a")],
  };

  it("accepts a triage --out document", () => {
    expect(parseFindingsDocument(JSON.stringify(doc))).toEqual({
      ok: true,
      findings: [lambdaFinding("a")],
      generatedAt: doc.generatedAt,
      sources: [],
    });
    const sources = [
      { path: "lambda/p/us-east-1/metrics.json", fetchedAt: "2026-01-01T00:00:00.000Z", fromCache: true },
    ];
    expect(parseFindingsDocument(JSON.stringify({ ...doc, sources }))).toMatchObject({
      sources: [{ path: sources[0]?.path, fetchedAt: sources[0]?.fetchedAt }],
    });
  });

  it("says what is wrong with anything else", () => {
    expect(parseFindingsDocument("{")).toEqual({ ok: false, reason: "not valid JSON" });
    expect(parseFindingsDocument(JSON.stringify({ schemaVersion: 1, records: [] }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/records, not findings/),
    });
    expect(parseFindingsDocument(JSON.stringify({ ...doc, schemaVersion: 2 }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not a triage --out document \(schemaVersion/),
    });
    expect(
      parseFindingsDocument(JSON.stringify({ ...doc, findings: [{ ...lambdaFinding("a"), severity: "severe" }] })),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/findings\.0\.severity/) });
    expect(parseFindingsDocument("[]")).toMatchObject({ ok: false });
  });

  it("words the reason in zod's English, which zod/mini does not install by itself", () => {
    expect(parseFindingsDocument(JSON.stringify({ ...doc, schemaVersion: 2 }))).toEqual({
      ok: false,
      reason: "not a triage --out document (schemaVersion: Invalid input: expected 1)",
    });
    expect(parseFindingsDocument(JSON.stringify({ ...doc, findings: [{ ...lambdaFinding("a"), arn: 7 }] }))).toEqual({
      ok: false,
      reason: "not a triage --out document (findings.0.arn: Invalid input: expected string, received number)",
    });
  });
});
