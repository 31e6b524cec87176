import { describe, expect, it } from "vitest";
import { completenessOf, markOf, partialWarning } from "../../../src/metrics/completeness.js";

describe("completeness of a GetMetricData result", () => {
  it("Complete with no message is complete; a result without a status (old cache) too", () => {
    expect(completenessOf({ StatusCode: "Complete", Messages: [] })).toEqual({ kind: "complete" });
    expect(completenessOf({})).toEqual({ kind: "complete" });
  });

  it("PartialData is partial, with CloudWatch's words as the reason", () => {
    expect(completenessOf({ StatusCode: "PartialData" })).toEqual({ kind: "partial", reason: "PartialData" });
    expect(
      completenessOf({ StatusCode: "PartialData", Messages: [{ Code: "Throttled", Value: "more to come" }] }),
    ).toEqual({ kind: "partial", reason: "PartialData (Throttled: more to come)" });
  });

  it("a Complete answer that reports Messages is partial, not complete", () => {
    expect(completenessOf({ StatusCode: "Complete", Messages: [{ Code: "MaxMetricsExceeded" }] })).toEqual({
      kind: "partial",
      reason: "Complete with messages (MaxMetricsExceeded)",
    });
  });

  it("a failed query is unanswered, not partial", () => {
    expect(completenessOf({ StatusCode: "InternalError", Messages: [{ Value: "boom" }] })).toEqual({
      kind: "unanswered",
      reason: "InternalError (boom)",
    });
    expect(completenessOf({ StatusCode: "Forbidden" }).kind).toBe("unanswered");
  });

  it("a record's mark joins its parts' reasons once each", () => {
    expect(markOf([])).toEqual({ partial: false, partialReason: null });
    expect(markOf(["Invocations: PartialData", "Invocations: PartialData", "Errors: PartialData"])).toEqual({
      partial: true,
      partialReason: "Invocations: PartialData; Errors: PartialData",
    });
  });

  it("the warning names the queries and says the values are lower bounds", () => {
    const line = partialWarning("eu-west-1", ["a Invocations", "b Invocations"], "counts");
    expect(line).toMatch(/2 query\(ies\) in eu-west-1 incompletely \(a Invocations, b Invocations\)/);
    expect(line).toMatch(/lower bounds/);
  });
});
