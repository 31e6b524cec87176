/**
 * `lambda list` and `lambda metrics` end to end against moto_server: the built CLI, a
 * counting proxy, functions with secret-looking environment values, and Lambda metrics.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import type { FaultProxy } from "../helpers/proxy.js";
import { cachedEnvelope, filesUnder, motoSuite } from "../helpers/suite.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { createFunctions, putMetricData } from "../helpers/seed-services.js";

const moto = await startMoto();
const SECRETS = ["pa55w0rd-db-SEEDED-secret", "tok_live_SEEDED_abcdef123456"];

/** Lambda is REST-JSON: the proxy sees a path, not an action name, so count by SigV4 service. */
const lambdaCalls = (proxy: FaultProxy) => proxy.calls.filter((c) => c.service === "lambda").length;

describe.skipIf(moto === undefined)("lambda commands against moto_server", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await createFunctions(endpoint, "us-east-1", [
      {
        name: "api",
        runtime: "python3.12",
        timeout: 3,
        memorySize: 256,
        environment: { DB_PASSWORD: SECRETS[0] as string, STAGE: "prod" },
      },
      { name: "worker", runtime: "nodejs20.x", timeout: 60, environment: { API_TOKEN: SECRETS[1] as string } },
      { name: "plain", runtime: "python3.12", timeout: 10 },
    ]);
    const fn = (name: string) => ({ FunctionName: name });
    await putMetricData(endpoint, "us-east-1", "AWS/Lambda", [
      { metricName: "Invocations", dimensions: fn("api"), value: 60, minutesAgo: 20 },
      { metricName: "Invocations", dimensions: fn("api"), value: 40, minutesAgo: 10 },
      { metricName: "Errors", dimensions: fn("api"), value: 5, minutesAgo: 10 },
      { metricName: "Throttles", dimensions: fn("api"), value: 2, minutesAgo: 10 },
      { metricName: "Duration", dimensions: fn("api"), value: 1200, minutesAgo: 20 },
      { metricName: "Duration", dimensions: fn("api"), value: 2900, minutesAgo: 10 },
      { metricName: "Invocations", dimensions: fn("worker"), value: 10, minutesAgo: 5 },
      { metricName: "Duration", dimensions: fn("worker"), value: 150, minutesAgo: 5 },
      // Outside the default one-hour window: must not count.
      { metricName: "Invocations", dimensions: fn("worker"), value: 1000, minutesAgo: 120 },
    ]);
  });

  it("lists every function with environment names kept and values redacted, then serves the next run from the cache", async () => {
    const first = await runInProcess(["lambda", "list"], suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records.map((r) => r.functionName)).toEqual(["api", "plain", "worker"]);
    expect(records[0]).toMatchObject({
      account: TEST_ACCOUNT,
      region: "us-east-1",
      functionArn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:api`,
      runtime: "python3.12",
      handler: "index.handler",
      memorySize: 256,
      timeout: 3,
      environment: { DB_PASSWORD: "<redacted>", STAGE: "<redacted>" },
    });
    expect(Object.keys(records[0] as object).slice(0, 2)).toEqual(["account", "region"]);
    expect(String(records[0]?.lastModified)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(records[1]?.environment).toEqual({});
    expect(lambdaCalls(suite.proxy)).toBe(1);

    const before = suite.proxy.count();
    const second = await runInProcess(["lambda", "list"], suite.sandbox.env);
    expect(second.code, second.stderr).toBe(0);
    expect(jsonOut(second)).toEqual(records);
    expect(suite.proxy.count()).toBe(before);
    expect(second.stderr).toMatch(/lambda\/functions: cache \d+s old/);
  });

  it("never lets a seeded secret reach the cache, stdout, --raw, --out or the logs", async () => {
    const out = join(suite.sandbox.dir, "functions.json");
    const runs = [
      await runInProcess(["lambda", "list", "--log-level", "trace", "--out", out], suite.sandbox.env),
      await runInProcess(["lambda", "list", "--raw", "--log-level", "trace"], suite.sandbox.env),
      await runInProcess(["lambda", "list", "-o", "table"], suite.sandbox.env),
      await runInProcess(["lambda", "metrics", "--log-level", "trace", "--force"], suite.sandbox.env),
    ];
    for (const result of runs) expect(result.code, result.stderr).toBe(0);
    const raw = jsonOut(runs[1]!);
    expect(raw.find((f) => f.FunctionName === "worker")?.Environment).toEqual({
      Variables: { API_TOKEN: "<redacted>" },
    });
    const everything = [
      ...runs.flatMap((r) => [r.stdout, r.stderr]),
      readFileSync(out, "utf8"),
      ...filesUnder(suite.sandbox.cacheDir).map((f) => readFileSync(f, "utf8")),
    ].join("\n");
    expect(everything).toContain("DB_PASSWORD");
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it("applies --runtime locally from the one cached inventory", async () => {
    expect((await runInProcess(["lambda", "list"], suite.sandbox.env)).code).toBe(0);
    const calls = suite.proxy.count();
    const python = jsonOut(await runInProcess(["lambda", "list", "--runtime", "python3.12"], suite.sandbox.env));
    expect(python.map((r) => r.functionName)).toEqual(["api", "plain"]);
    expect(suite.proxy.count()).toBe(calls);
  });

  it("reports invocations, errors, throttles and durations over the window, with p99 null and a warning", async () => {
    const first = await runInProcess(["lambda", "metrics"], suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const withSeries = jsonOut(first);
    // Each function's errors per period over the window, judged apart from the aggregates below:
    // the series adds up to the errors, and api's five fall in the period seeded ten minutes ago.
    const series = withSeries.map((r) => r.errorSeries as { at: string; value: number }[]);
    for (const [i, points] of series.entries()) {
      expect(points.length).toBeGreaterThanOrEqual(55);
      expect(points.reduce((sum, p) => sum + p.value, 0)).toBe(withSeries[i]?.errors);
    }
    const spike = (series[0] ?? []).filter((p) => p.value > 0);
    expect(spike).toHaveLength(1);
    const minutesAgo = (Date.now() - Date.parse(spike[0]?.at ?? "")) / 60_000;
    expect(minutesAgo).toBeGreaterThan(9);
    expect(minutesAgo).toBeLessThan(12);
    const records = withSeries.map(({ errorSeries, ...rest }) => rest);
    expect(records).toEqual([
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        functionName: "api",
        invocations: 100,
        errors: 5,
        throttles: 2,
        errorRate: 0.05,
        durationMaxMs: 2900,
        durationP99Ms: null,
        timeoutMs: 3000,
        partial: false,
        partialReason: null,
        partialFields: [],
      },
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        functionName: "plain",
        invocations: 0,
        errors: 0,
        throttles: 0,
        errorRate: null,
        durationMaxMs: null,
        durationP99Ms: null,
        timeoutMs: 10_000,
        partial: false,
        partialReason: null,
        partialFields: [],
      },
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        functionName: "worker",
        invocations: 10,
        errors: 0,
        throttles: 0,
        errorRate: 0,
        durationMaxMs: 150,
        durationP99Ms: null,
        timeoutMs: 60_000,
        partial: false,
        partialReason: null,
        partialFields: [],
      },
    ]);
    // moto answers percentile statistics with HTTP 500: the warning says so, the rest is intact.
    expect(first.stderr).toMatch(
      /warn: p99 duration unavailable for 3 function\(s\) in us-east-1, so durationP99Ms is null/,
    );
    // Its answer is an HTML page: said as the HTTP failure it is, not as the parser's SyntaxError.
    expect(first.stderr).toMatch(
      /GetMetricData in us-east-1 failed with HTTP 500 from http:\/\/127\.0\.0\.1:\d+, with no AWS error code/,
    );
    expect(first.stderr).not.toMatch(/SyntaxError|Unexpected token/);
    expect(lambdaCalls(suite.proxy)).toBe(1);
    expect(suite.proxy.count("GetMetricData")).toBeGreaterThanOrEqual(2);

    const envelope = cachedEnvelope(suite.sandbox, "lambda", "metrics");
    expect(envelope.params).toEqual({ since: "1h", functions: ["api", "plain", "worker"] });
    expect(Date.parse(envelope.window.end) - Date.parse(envelope.window.start)).toBe(3_600_000);

    const before = suite.proxy.count();
    const second = await runInProcess(["lambda", "metrics"], suite.sandbox.env);
    expect(second.code, second.stderr).toBe(0);
    expect(jsonOut(second)).toEqual(withSeries);
    expect(suite.proxy.count()).toBe(before);
    expect(second.stderr).toMatch(/p99 duration unavailable/);
    expect(second.stderr).toMatch(/lambda\/functions: cache \d+s old; lambda\/metrics: cache \d+s old/);
    // Before the context line, within 80 columns: the data is cached, and its window lags.
    const lines = second.stderr.split("\n");
    const cachedAt = lines.findIndex((l) =>
      /^awstriage: (partly )?cached \d+s ago, window lags \d+s — --force to refetch$/.test(l),
    );
    expect(cachedAt, second.stderr).toBeGreaterThanOrEqual(0);
    expect(lines[cachedAt]?.length).toBeLessThanOrEqual(80);
    expect(cachedAt).toBeLessThan(lines.findIndex((l) => l.startsWith("awstriage: account ")));
  });

  it("narrows to one function with --function, in its own cache entry", async () => {
    const result = await runInProcess(
      ["lambda", "metrics", "--function", "worker", "--since", "3h"],
      suite.sandbox.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)).toEqual([expect.objectContaining({ functionName: "worker", invocations: 1010 })]);
    const missing = await runInProcess(["lambda", "metrics", "--function", "nope"], suite.sandbox.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no Lambda function "nope" in us-east-1/);
    expect(missing.stdout).toBe("");
  });

  it("prints tables with the documented columns and works offline from the cache", async () => {
    const table = await runInProcess(["lambda", "metrics", "-o", "table"], suite.sandbox.env);
    expect(table.stdout.split("\n")[0]).toMatch(
      // One region in play: no region column.
      /^functionName\s+invocations\s+errors\s+throttles\s+errorRate\s+errorSeries\s+durationMaxMs\s+durationP99Ms\s+timeoutMs$/,
    );
    const calls = suite.proxy.count();
    const offline = await runInProcess(["lambda", "metrics", "--offline", "-o", "table"], suite.sandbox.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(table.stdout);
    expect(suite.proxy.count()).toBe(calls);
  });
});
