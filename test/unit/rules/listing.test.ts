import { describe, expect, it } from "vitest";
import { listRules, thresholdsText } from "../../../src/rules/listing.js";
import { RULES } from "../../../src/rules/registry.js";
import { DEFAULT_SETTINGS } from "../../../src/rules/settings.js";

describe("awstriage rules", () => {
  it("lists every registered rule once, with its sources named as commands", () => {
    const listing = listRules(DEFAULT_SETTINGS);
    expect(listing.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(listing.find((r) => r.id === "lambda.duration-near-timeout")?.sources).toEqual([
      "lambda/metrics",
      "lambda/functions",
    ]);
  });

  it("shows the default and the effective severity, threshold and enabled state", () => {
    const listing = listRules({
      rules: {
        "lambda.errors": { thresholds: { errorRateHigh: 0.1 }, severity: "critical" },
        "logs.no-retention": { enabled: false },
      },
      runtimes: [],
      suppress: [],
    });
    const errors = listing.find((r) => r.id === "lambda.errors");
    expect(errors).toMatchObject({
      defaultSeverity: "medium",
      severity: "critical",
      severityRule: "high if the error rate is at least errorRateHigh, else medium (medium when a count is partial)",
      enabled: true,
      thresholds: { errorRateHigh: { unit: "fraction", default: 0.05, value: 0.1 } },
    });
    expect(errors && thresholdsText(errors)).toBe("errorRateHigh=0.1 (default 0.05)");
    expect(listing.find((r) => r.id === "logs.no-retention")?.enabled).toBe(false);
  });
});
