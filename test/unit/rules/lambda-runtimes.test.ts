import { describe, expect, it } from "vitest";
import {
  isDeprecatedOn,
  runtimeDeprecation,
  LAMBDA_RUNTIME_DEPRECATIONS,
  RUNTIME_TABLE_CHECKED,
  RUNTIME_TABLE_SOURCE,
} from "../../../src/rules/lambda-runtimes.js";

describe("the Lambda runtime deprecation table", () => {
  it("holds one valid calendar date per runtime and names its source", () => {
    const ids = LAMBDA_RUNTIME_DEPRECATIONS.map((r) => r.runtime);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of LAMBDA_RUNTIME_DEPRECATIONS) {
      expect(entry.deprecatedOn, entry.runtime).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${entry.deprecatedOn}T00:00:00Z`).toISOString().slice(0, 10), entry.runtime).toBe(
        entry.deprecatedOn,
      );
    }
    expect(RUNTIME_TABLE_SOURCE).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/lambda\//);
    expect(RUNTIME_TABLE_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("looks runtimes up by identifier and compares by calendar day, inclusive", () => {
    const entry = runtimeDeprecation("python3.9");
    expect(entry?.deprecatedOn).toBe("2025-12-15");
    expect(isDeprecatedOn(entry!, "2025-12-14")).toBe(false);
    expect(isDeprecatedOn(entry!, "2025-12-15")).toBe(true);
    expect(runtimeDeprecation(null)).toBeUndefined();
    expect(runtimeDeprecation("unknown")).toBeUndefined();
  });
});
