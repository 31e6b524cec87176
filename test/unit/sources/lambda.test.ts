import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { collectLambdaMetrics, functionsSpec, lambdaMetricsSpec } from "../../../src/sources/lambda.js";
import { resolveWindow } from "../../../src/time/window.js";
import { AwsApiError, UsageError } from "../../../src/errors/errors.js";
import { testProvider, unitRun, type UnitRun } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const SECRET = "hunter2-unit-secret";
const window = resolveWindow({ kind: "ago", text: "1h", ms: 3_600_000 }, undefined, Date.UTC(2024, 4, 1, 12));

/** Answers every non-percentile query with `value`, and percentile queries via `p99`. */
function answerMetrics(cw: AwsClientStub<CloudWatchClient>, p99: (queries: MetricDataQuery[]) => unknown) {
  const calls: MetricDataQuery[][] = [];
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => {
    const queries = input.MetricDataQueries;
    calls.push(queries);
    if (queries.some((q) => q.MetricStat?.Stat === "p99")) return p99(queries);
    return {
      MetricDataResults: queries.map((q) => ({
        Id: q.Id,
        Label: q.Label,
        Values: [q.MetricStat?.Stat === "Maximum" ? 900 : 4],
        Timestamps: [window.start],
        StatusCode: "Complete",
      })),
    };
  });
  return calls;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe("lambda fetches", () => {
  let lambda: AwsClientStub<LambdaClient>;
  let cw: AwsClientStub<CloudWatchClient>;
  let sts: AwsClientStub<STSClient>;
  beforeEach(() => {
    lambda = mockClient(LambdaClient);
    cw = mockClient(CloudWatchClient);
    sts = mockClient(STSClient);
  });
  afterEach(() => {
    lambda.restore();
    cw.restore();
    sts.restore();
  });

  it("redacts environment values inside the fetch, before anything can cache them", async () => {
    lambda
      .on(ListFunctionsCommand)
      .resolves({ Functions: [{ FunctionName: "api", Environment: { Variables: { DB_PASSWORD: SECRET } } }] });
    const items = await functionsSpec.fetch(testProvider(), "us-east-1", () => undefined);
    expect(items[0]?.Environment?.Variables).toEqual({ DB_PASSWORD: "<redacted>" });
    expect(JSON.stringify(items)).not.toContain(SECRET);
  });

  it("sends the standard statistics and p99 in separate calls, and keeps them apart in the cache key", async () => {
    const calls = answerMetrics(cw, (queries) => ({
      MetricDataResults: queries.map((q) => ({
        Id: q.Id,
        Label: q.Label,
        Values: [700],
        Timestamps: [window.start],
        StatusCode: "Complete",
      })),
    }));
    const spec = lambdaMetricsSpec(["b", "a"], { since: "1h", window });
    expect(spec.params).toEqual({ since: "1h", functions: ["a", "b"] });
    expect(spec.window).toEqual({ start: window.start, end: window.end });
    const items = await spec.fetch(testProvider(), "us-east-1", () => undefined);
    // Each function's errors per minute (the sparkline) go in the same call as its aggregates.
    expect(calls.map((c) => c.map((q) => q.MetricStat?.Stat))).toEqual([
      ["Sum", "Sum", "Sum", "Maximum", "Sum", "Sum", "Sum", "Sum", "Maximum", "Sum"],
      ["p99", "p99"],
    ]);
    const series = calls.flat().filter((q) => q.Id?.startsWith("errorsSeries_"));
    expect(series.map((q) => [q.Label, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Period])).toEqual([
      ["a", "Errors", 60],
      ["b", "Errors", 60],
    ]);
    const others = calls.flat().filter((q) => !q.Id?.startsWith("errorsSeries_"));
    expect(others.every((q) => q.MetricStat?.Period === 3600)).toBe(true);
    expect(items).toHaveLength(12);
  });

  it("the series costs no call of its own: still ⌈queries/500⌉ calls, each within 100,800 datapoints", async () => {
    const calls = answerMetrics(cw, () => ({ MetricDataResults: [] }));
    const names = (n: number) => Array.from({ length: n }, (_, i) => `fn${i}`);
    // 100 functions: 4 aggregates + 1 series each is 500 queries, one call; p99 in one more.
    await lambdaMetricsSpec(names(100), { since: "1h", window }).fetch(testProvider(), "us-east-1", () => undefined);
    expect(calls.map((c) => c.length)).toEqual([500, 100]);
    // 101 functions: 505 queries, two calls.
    calls.length = 0;
    await lambdaMetricsSpec(names(101), { since: "1h", window }).fetch(testProvider(), "us-east-1", () => undefined);
    expect(calls.map((c) => c.length)).toEqual([500, 5, 101]);
    // A day at 5-minute periods (289 points a series): still 500 a call.
    calls.length = 0;
    const day = resolveWindow({ kind: "ago", text: "1d", ms: 86_400_000 }, undefined, Date.UTC(2024, 4, 1, 12));
    await lambdaMetricsSpec(names(100), { since: "1d", window: day }).fetch(
      testProvider(),
      "us-east-1",
      () => undefined,
    );
    expect(calls[0]?.find((q) => q.Id === "errorsSeries_0")?.MetricStat?.Period).toBe(300);
    expect(calls.map((c) => c.length)).toEqual([500, 100]);
    // The longest window CloudWatch keeps (455 days, a point a day): still 500 a call, each within the limit.
    calls.length = 0;
    const longest = resolveWindow({ kind: "ago", text: "455d", ms: 455 * 86_400_000 }, undefined, Date.UTC(2024, 4, 1));
    await lambdaMetricsSpec(names(100), { since: "455d", window: longest }).fetch(
      testProvider(),
      "us-east-1",
      () => undefined,
    );
    expect(calls.map((c) => c.length)).toEqual([500, 100]);
    const points = (calls[0] ?? []).reduce((sum, q) => sum + (q.Id?.startsWith("errorsSeries_") ? 456 : 2), 0);
    expect(points).toBeLessThanOrEqual(100_800);
  });

  it("turns a failed p99 call into failed results and keeps every standard result", async () => {
    answerMetrics(cw, () => {
      throw sdkError("InternalFailure", 500, "percentiles are not supported here");
    });
    const items = await lambdaMetricsSpec(["api"], { since: "1h", window }).fetch(
      testProvider(),
      "us-east-1",
      () => undefined,
    );
    expect(items.filter((i) => i.StatusCode === "Complete").map((i) => i.Id)).toEqual([
      "invocations_0",
      "errors_0",
      "throttles_0",
      "durationMax_0",
      "errorsSeries_0",
    ]);
    expect(items.at(-1)).toMatchObject({
      Id: "durationP99_0",
      Label: "api",
      StatusCode: "InternalError",
      Values: [],
      Messages: [{ Code: "InternalFailure" }],
    });
  });

  it("loses only the failed batch when one of several p99 calls fails", async () => {
    const names = Array.from({ length: 501 }, (_, i) => `fn${String(i).padStart(3, "0")}`);
    answerMetrics(cw, (queries) => {
      if (queries.length === 500) throw sdkError("InternalFailure", 500);
      return {
        MetricDataResults: queries.map((q) => ({
          Id: q.Id,
          Label: q.Label,
          Values: [1],
          Timestamps: [window.start],
          StatusCode: "Complete",
        })),
      };
    });
    const items = await lambdaMetricsSpec(names, { since: "1h", window }).fetch(
      testProvider(),
      "us-east-1",
      () => undefined,
    );
    const p99 = items.filter((i) => i.Id?.startsWith("durationP99_"));
    expect(p99.filter((i) => i.StatusCode === "InternalError")).toHaveLength(500);
    expect(p99.filter((i) => i.StatusCode === "Complete").map((i) => i.Label)).toEqual(["fn500"]);
  });

  it("does not hide an access-denied p99 call: that is an error for the region", async () => {
    answerMetrics(cw, () => {
      throw sdkError("AccessDeniedException", 403);
    });
    const error = await lambdaMetricsSpec(["api"], { since: "1h", window })
      .fetch(testProvider(), "us-east-1", () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).kind).toBe("access-denied");
  });
});

describe("collectLambdaMetrics", () => {
  let lambda: AwsClientStub<LambdaClient>;
  let cw: AwsClientStub<CloudWatchClient>;
  let sts: AwsClientStub<STSClient>;
  let unit: UnitRun;
  beforeEach(async () => {
    lambda = mockClient(LambdaClient);
    cw = mockClient(CloudWatchClient);
    sts = mockClient(STSClient);
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/unit", UserId: "AIDA" });
    lambda.on(ListFunctionsCommand).resolves({
      Functions: [
        { FunctionName: "worker", Timeout: 60, Environment: { Variables: { API_KEY: SECRET } } },
        { FunctionName: "api", Timeout: 3 },
      ],
    });
    unit = await unitRun();
  });
  afterEach(() => {
    lambda.restore();
    cw.restore();
    sts.restore();
    unit.cleanup();
  });

  it("follows NextToken, keeps a still-partial Invocations answer as a lower bound and says so on stderr", async () => {
    const tokens: Array<string | undefined> = [];
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => {
      tokens.push(input.NextToken);
      const page = (q: MetricDataQuery, value: number) => ({
        Id: q.Id,
        Label: q.Label,
        Values: [value],
        Timestamps: [window.start],
        StatusCode: q.Id?.startsWith("invocations") ? "PartialData" : "Complete",
      });
      if (input.NextToken === undefined && input.MetricDataQueries.some((q) => q.Id?.startsWith("invocations")))
        return { MetricDataResults: input.MetricDataQueries.map((q) => page(q, 2)), NextToken: "more" };
      // The second page: still PartialData for Invocations, and no further token.
      return {
        MetricDataResults: input.MetricDataQueries.filter(
          (q) => q.Id?.startsWith("invocations") || input.NextToken === undefined,
        ).map((q) => page(q, q.Id?.startsWith("errors") ? 1 : 3)),
      };
    });
    const records = await collectLambdaMetrics(unit.run, { since: "1h", fn: "api" });
    expect(tokens.filter((t) => t === "more")).toHaveLength(1);
    expect(records[0]).toMatchObject({
      functionName: "api",
      invocations: 5,
      errors: 2,
      errorRate: null,
      partial: true,
      partialReason: "invocations: PartialData",
      partialFields: ["invocations"],
    });
    expect(unit.logs()).toMatch(/CloudWatch answered 1 query\(ies\) in us-east-1 incompletely \(api invocations\)/);
    expect(unit.logs()).toMatch(/lower bounds/);
  });

  it("returns every field but p99 when p99 fails, warns once, and serves a second run from the cache", async () => {
    answerMetrics(cw, () => {
      throw sdkError("InternalFailure", 500);
    });
    const records = await collectLambdaMetrics(unit.run, { since: "1h" });
    // Each with its errors per minute over the hour (the mock answers one datapoint, off the grid).
    for (const r of records) {
      expect(r.errorSeries?.length).toBeGreaterThanOrEqual(60);
      expect(r.errorSeries?.every((p) => /T\d\d:\d\d:00\.000Z$/.test(p.at) && p.value === 0)).toBe(true);
    }
    expect(records.map(({ errorSeries: _, ...r }) => r)).toEqual([
      {
        account: "123456789012",
        region: "us-east-1",
        functionName: "api",
        invocations: 4,
        errors: 4,
        throttles: 4,
        errorRate: 1,
        durationMaxMs: 900,
        durationP99Ms: null,
        timeoutMs: 3000,
        partial: false,
        partialReason: null,
        partialFields: [],
      },
      {
        account: "123456789012",
        region: "us-east-1",
        functionName: "worker",
        invocations: 4,
        errors: 4,
        throttles: 4,
        errorRate: 1,
        durationMaxMs: 900,
        durationP99Ms: null,
        timeoutMs: 60_000,
        partial: false,
        partialReason: null,
        partialFields: [],
      },
    ]);
    expect(unit.logs()).toMatch(/p99 duration unavailable for 2 function\(s\) in us-east-1/);
    const cacheText = allFiles(unit.cacheDir)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(cacheText).not.toContain(SECRET);
    expect(cacheText).toContain('"window":{"start"');

    const sent = cw.commandCalls(GetMetricDataCommand).length + lambda.commandCalls(ListFunctionsCommand).length;
    const second = await unitRun({ cacheDir: unit.cacheDir });
    try {
      await expect(collectLambdaMetrics(second.run, { since: "1h" })).resolves.toEqual(records);
      expect(cw.commandCalls(GetMetricDataCommand).length + lambda.commandCalls(ListFunctionsCommand).length).toBe(
        sent,
      );
      expect(second.logs()).toMatch(/p99 duration unavailable/);
    } finally {
      second.cleanup();
    }
  });

  it("narrows to one function with --function, and says when no region has it", async () => {
    const calls = answerMetrics(cw, (queries) => ({
      MetricDataResults: queries.map((q) => ({
        Id: q.Id,
        Label: q.Label,
        Values: [120],
        Timestamps: [window.start],
        StatusCode: "Complete",
      })),
    }));
    const records = await collectLambdaMetrics(unit.run, { since: "1h", fn: "api" });
    expect(records.map((r) => [r.functionName, r.durationP99Ms])).toEqual([["api", 120]]);
    expect(calls.flat().every((q) => q.Label === "api")).toBe(true);
    const error = await collectLambdaMetrics(unit.run, { since: "1h", fn: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('no Lambda function "nope" in us-east-1');
  });

  it("makes no GetMetricData call for a region without functions", async () => {
    lambda.on(ListFunctionsCommand).resolves({ Functions: [] });
    answerMetrics(cw, () => ({ MetricDataResults: [] }));
    await expect(collectLambdaMetrics(unit.run, {})).resolves.toEqual([]);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
