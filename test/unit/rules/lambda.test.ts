import { describe, expect, it } from "vitest";
import { deprecatedRuntime, durationNearTimeout, errorRate, errors, throttles } from "../../../src/rules/lambda.js";
import { ACCOUNT, check, ctx, lambdaFunction, lambdaMetrics, OBSERVED_AT, REGION } from "../../helpers/records.js";

const ERROR_RATE_HIGH = errors.thresholds?.errorRateHigh?.default;
const DURATION_TIMEOUT_SHARE = durationNearTimeout.thresholds?.timeoutShare?.default;

const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:checkout`;

describe("lambda.errors", () => {
  it("reports errors in the window with every finding field", () => {
    expect(check(errors, [lambdaMetrics({ errors: 120, invocations: 1000, errorRate: 0.12 })], ctx())).toEqual([
      {
        ruleId: "lambda.errors",
        severity: "high",
        title: "Function checkout: 120 errors in 1000 invocations (12%)",
        resourceType: "lambda:function",
        resourceId: "checkout",
        arn: ARN,
        account: ACCOUNT,
        region: REGION,
        evidence: { errors: 120, invocations: 1000, errorRate: 0.12, highAtErrorRate: ERROR_RATE_HIGH },
        observedAt: OBSERVED_AT,
        related: [],
      },
    ]);
  });

  it("is high at exactly the error-rate threshold and medium just below it", () => {
    expect(ERROR_RATE_HIGH).toBe(0.05);
    const exactly = check(errors, [lambdaMetrics({ errors: 50, invocations: 1000, errorRate: 50 / 1000 })], ctx());
    const below = check(errors, [lambdaMetrics({ errors: 49, invocations: 1000, errorRate: 49 / 1000 })], ctx());
    expect(exactly[0]?.severity).toBe("high");
    expect(below[0]?.severity).toBe("medium");
    expect(below[0]?.title).toBe("Function checkout: 49 errors in 1000 invocations (4.9%)");
  });

  it("reports nothing with zero errors, including a function with zero invocations", () => {
    expect(
      check(errors, [lambdaMetrics(), lambdaMetrics({ invocations: 0, errors: 0, errorRate: null })], ctx()),
    ).toEqual([]);
  });

  it("computes the rate when the record has none, and counts errors without invocations as all failed", () => {
    expect(errorRate(lambdaMetrics({ errors: 3, invocations: 60, errorRate: null }))).toBe(0.05);
    const orphan = check(errors, [lambdaMetrics({ errors: 2, invocations: 0, errorRate: null })], ctx());
    expect(orphan[0]).toMatchObject({ severity: "high", evidence: { errors: 2, invocations: 0, errorRate: 1 } });
    expect(orphan[0]?.title).toBe("Function checkout: 2 errors in 0 invocations (100%)");
  });
});

describe("lambda.errors over a partial answer", () => {
  const partialInvocations = {
    partial: true,
    partialReason: "invocations: PartialData",
    partialFields: ["invocations"],
  };

  it("says the invocations are a lower bound, computes no rate, and is never high", () => {
    const [finding] = check(errors, [
      lambdaMetrics({ errors: 1, invocations: 5, errorRate: null, ...partialInvocations }),
    ]);
    expect(finding?.severity).toBe("medium");
    expect(finding?.title).toBe("Function checkout: 1 error in ≥ 5 invocations (no rate: partial data)");
    expect(finding?.evidence).toEqual({
      errors: 1,
      invocations: 5,
      errorRate: null,
      highAtErrorRate: ERROR_RATE_HIGH,
      ...partialInvocations,
    });
  });

  it("a zero partial invocation count is no zero denominator: no 100% and no high", () => {
    const [finding] = check(errors, [
      lambdaMetrics({ errors: 2, invocations: 0, errorRate: null, ...partialInvocations }),
    ]);
    expect(finding).toMatchObject({ severity: "medium", evidence: { errorRate: null } });
    expect(finding?.title).toBe("Function checkout: 2 errors in ≥ 0 invocations (no rate: partial data)");
  });

  it("a rate over complete invocations with a partial error count is a lower bound, capped at medium", () => {
    const [finding] = check(errors, [
      lambdaMetrics({
        errors: 50,
        invocations: 100,
        errorRate: 0.5,
        partial: true,
        partialReason: "errors: PartialData",
        partialFields: ["errors"],
      }),
    ]);
    expect(finding?.severity).toBe("medium");
    expect(finding?.title).toBe("Function checkout: ≥ 50 errors in 100 invocations (50%)");
  });

  it("a configured severity still wins over the cap (the person decided)", () => {
    const settings = { rules: { "lambda.errors": { severity: "critical" as const } }, suppress: [], runtimes: [] };
    const [finding] = check(
      errors,
      [lambdaMetrics({ errors: 1, invocations: 5, errorRate: null, ...partialInvocations })],
      ctx(),
      settings as never,
    );
    expect(finding?.severity).toBe("critical");
  });
});

describe("lambda.throttles", () => {
  it("reports any throttle, medium under 5% of attempts (Invocations + Throttles)", () => {
    expect(check(throttles, [lambdaMetrics({ throttles: 1 })], ctx())).toEqual([
      expect.objectContaining({
        ruleId: "lambda.throttles",
        severity: "medium",
        title: "Function checkout: 1 throttled invocation (0.1% of 1001 attempts)",
        evidence: { throttles: 1, invocations: 1000, attempts: 1001, throttleRate: 1 / 1001, highAtThrottleRate: 0.05 },
        arn: ARN,
      }),
    ]);
  });

  it("computes no share from a partial count, and stays medium", () => {
    const partial = { partial: true, partialReason: "PartialData", partialFields: ["invocations"] };
    const [finding] = check(throttles, [lambdaMetrics({ invocations: 100, throttles: 250, ...partial })], ctx());
    expect(finding).toMatchObject({ severity: "medium", evidence: { throttleRate: null, partial: true } });
    expect(finding?.title).toBe("Function checkout: 250 throttled invocations");
  });

  it("is high from throttleRateHigh of attempts: 250 throttled beside 2000 run is 11.1%", () => {
    const [finding] = check(throttles, [lambdaMetrics({ invocations: 2000, throttles: 250 })], ctx());
    expect(finding).toMatchObject({ severity: "high", evidence: { attempts: 2250 } });
    expect(finding?.title).toBe("Function checkout: 250 throttled invocations (11% of 2250 attempts)");
    // At the threshold (5 of 100 attempts) it is high; just under (5 of 101, 4.95%) medium.
    expect(check(throttles, [lambdaMetrics({ invocations: 95, throttles: 5 })], ctx())[0]?.severity).toBe("high");
    expect(check(throttles, [lambdaMetrics({ invocations: 96, throttles: 5 })], ctx())[0]?.severity).toBe("medium");
  });

  it("reports nothing without throttles", () => {
    expect(
      check(throttles, [lambdaMetrics({ throttles: 0 }), lambdaMetrics({ invocations: 0, throttles: 0 })], ctx()),
    ).toEqual([]);
  });
});

describe("lambda.duration-near-timeout", () => {
  it("is reported at exactly the share of the timeout, and not one millisecond below", () => {
    expect(DURATION_TIMEOUT_SHARE).toBe(0.8);
    const at = check(durationNearTimeout, [lambdaMetrics({ durationMaxMs: 2400, timeoutMs: 3000 })], ctx());
    expect(at).toEqual([
      expect.objectContaining({
        ruleId: "lambda.duration-near-timeout",
        severity: "high",
        resourceId: "checkout",
        title: "Function checkout: max duration 2400 ms is 80% of its 3000 ms timeout",
        evidence: { durationMaxMs: 2400, durationP99Ms: 90, timeoutMs: 3000, share: 0.8, thresholdShare: 0.8 },
      }),
    ]);
    expect(check(durationNearTimeout, [lambdaMetrics({ durationMaxMs: 2399, timeoutMs: 3000 })], ctx())).toEqual([]);
  });

  it("reports a function that hit its timeout", () => {
    expect(
      check(durationNearTimeout, [lambdaMetrics({ durationMaxMs: 900_000, timeoutMs: 900_000 })], ctx()),
    ).toHaveLength(1);
  });

  it("says nothing without a duration (no invocations) or without a known timeout", () => {
    const records = [
      lambdaMetrics({ invocations: 0, durationMaxMs: null, durationP99Ms: null }),
      lambdaMetrics({ durationMaxMs: 2900, timeoutMs: null }),
      lambdaMetrics({ durationMaxMs: 2900, timeoutMs: 0 }),
    ];
    expect(check(durationNearTimeout, records, ctx())).toEqual([]);
  });
});

describe("lambda.deprecated-runtime", () => {
  it("reports a runtime on its deprecation day, with the function's own ARN", () => {
    const fn = lambdaFunction({
      runtime: "nodejs18.x",
      functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:checkout",
    });
    expect(check(deprecatedRuntime, [fn], ctx({ today: "2025-09-01" }))).toEqual([
      {
        ruleId: "lambda.deprecated-runtime",
        severity: "medium",
        title: "Function checkout: runtime nodejs18.x (Node.js 18) deprecated since 2025-09-01",
        resourceType: "lambda:function",
        resourceId: "checkout",
        arn: fn.functionArn,
        account: ACCOUNT,
        region: REGION,
        evidence: { runtime: "nodejs18.x", deprecatedOn: "2025-09-01", name: "Node.js 18" },
        observedAt: OBSERVED_AT,
        related: [],
      },
    ]);
  });

  it("does not report the runtime the day before its deprecation date", () => {
    expect(check(deprecatedRuntime, [lambdaFunction({ runtime: "nodejs18.x" })], ctx({ today: "2025-08-31" }))).toEqual(
      [],
    );
  });

  it("reports long-deprecated runtimes and not current ones", () => {
    const fns = [
      lambdaFunction({ functionName: "old", runtime: "python2.7" }),
      lambdaFunction({ functionName: "new", runtime: "python3.13" }),
    ];
    expect(check(deprecatedRuntime, fns, ctx({ today: "2026-03-10" })).map((f) => f.resourceId)).toEqual(["old"]);
  });

  it("ignores container images (no runtime) and runtimes not in the table", () => {
    const fns = [lambdaFunction({ runtime: null }), lambdaFunction({ runtime: "cobol85" })];
    expect(check(deprecatedRuntime, fns, ctx({ today: "2099-01-01" }))).toEqual([]);
  });
});
