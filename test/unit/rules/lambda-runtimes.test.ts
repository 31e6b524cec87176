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

describe("the table against AWS's runtime page (scraped by tflint-ruleset-aws, 2026-07-24)", () => {
  it.each([
    ["java8.al2", "2027-06-30"],
    ["java11", "2027-06-30"],
    ["java17", "2027-06-30"],
    ["python3.11", "2027-06-30"],
    ["python3.10", "2026-10-31"],
    ["provided.al2", "2026-07-31"],
    ["nodejs20.x", "2026-04-30"],
    ["ruby4.0", "2029-03-31"],
    ["dotnet8", "2026-11-10"],
  ])("%s deprecates on %s", (runtime, date) => {
    expect(runtimeDeprecation(runtime)?.deprecatedOn).toBe(date);
  });

  it("on 2026-11-30 reports nodejs20.x and python3.10 as deprecated, but not python3.11 or java17", () => {
    const today = "2026-11-30";
    const deprecated = (runtime: string) => isDeprecatedOn(runtimeDeprecation(runtime)!, today);
    expect(deprecated("nodejs20.x")).toBe(true);
    expect(deprecated("python3.10")).toBe(true);
    expect(deprecated("python3.11")).toBe(false);
    expect(deprecated("java17")).toBe(false);
  });
});
