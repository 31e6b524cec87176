/**
 * Absolute windows end to end against moto_server (issue 15): ISO times and dates in
 * `--since`/`--until`, `--until` on every windowed command, and the immutable-window rule of
 * the cache (an entry of a fixed window that had closed 15 minutes before its fetch is
 * served past --ttl), counted as calls through the suite's proxy.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { cachedEnvelope, motoSuite } from "../helpers/suite.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { createFunctions, createLogGroup, putLogEvents, putMetricData } from "../helpers/seed-services.js";

const moto = await startMoto();
const GROUP = "/aws/lambda/windows";
const MINUTE = 60_000;

describe.skipIf(moto === undefined)("absolute time windows against moto_server", () => {
  const seededAt = Date.now();
  // Whole minutes, as people type them: an absolute time without seconds, read as UTC.
  const minutesAgo = (n: number) => new Date(Math.floor((seededAt - n * MINUTE) / MINUTE) * MINUTE);
  const noZone = (n: number) => minutesAgo(n).toISOString().slice(0, 16);
  const utc = (n: number) => minutesAgo(n).toISOString();

  const suite = motoSuite(moto, async (endpoint) => {
    await createLogGroup(endpoint, "us-east-1", GROUP);
    await putLogEvents(
      endpoint,
      "us-east-1",
      GROUP,
      "s1",
      [
        { minutesAgo: 150, message: "too early" },
        { minutesAgo: 100, message: "in the window" },
        { minutesAgo: 70, message: "also in the window" },
        { minutesAgo: 10, message: "too late" },
      ],
      seededAt,
    );
    await createFunctions(endpoint, "us-east-1", [{ name: "windowed", runtime: "python3.12", timeout: 3 }]);
    await putMetricData(endpoint, "us-east-1", "AWS/Lambda", [
      { metricName: "Invocations", dimensions: { FunctionName: "windowed" }, value: 4, minutesAgo: 60 },
      { metricName: "Invocations", dimensions: { FunctionName: "windowed" }, value: 100, minutesAgo: 10 },
    ]);
    await putMetricData(endpoint, "us-east-1", "Custom/Windows", [
      { metricName: "Latency", dimensions: { Service: "api" }, value: 5, minutesAgo: 100 },
      { metricName: "Latency", dimensions: { Service: "api" }, value: 7, minutesAgo: 10 },
    ]);
  });

  /** The one cache file of `script/resource` (the suite's profile and region). */
  function entryPath(script: string, resource: string): string {
    const dir = join(suite.sandbox.cacheDir, script, "moto", "us-east-1");
    const file = readdirSync(dir).find((f) => f.startsWith(`${resource}-`));
    if (file === undefined) throw new Error(`no ${script}/${resource} entry`);
    return join(dir, file);
  }

  /** Makes the entry look fetched `ms` ago (past the default --ttl of 5m). */
  function ageEntry(path: string, ms: number): void {
    const text = readFileSync(path, "utf8");
    const fetchedAt = new Date(Date.now() - ms).toISOString();
    writeFileSync(path, text.replace(/"fetchedAt":"[^"]+"/, `"fetchedAt":"${fetchedAt}"`));
  }

  it("searches an absolute window (a time without a zone read as UTC, and said so); the key holds it as typed", async () => {
    const args = ["logs", "search", GROUP, "--since", noZone(120), "--until", utc(60)];
    const result = await runInProcess(args, suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.message)).toEqual(["in the window", "also in the window"]);
    expect(result.stderr).toMatch(new RegExp(`--since ${noZone(120)} names no time zone: read as UTC`));
    const envelope = cachedEnvelope(suite.sandbox, "logs", "events");
    expect(envelope.params).toEqual({ logGroupName: GROUP, since: noZone(120), until: utc(60) });
    expect(envelope.window).toEqual({ start: utc(120), end: utc(60), fixed: true });
  });

  it("serves a closed absolute window from the cache past --ttl, says so, and refetches with --ttl 0 or --force", async () => {
    const args = ["logs", "search", GROUP, "--since", utc(120), "--until", utc(60)];
    expect((await runInProcess(args, suite.sandbox.env)).code).toBe(0);
    expect(suite.proxy.count("FilterLogEvents")).toBe(1);
    // As if fetched 40 minutes ago: 20 minutes after the window closed, and past --ttl.
    ageEntry(entryPath("logs", "events"), 40 * MINUTE);

    const kept = await runInProcess(args, suite.sandbox.env);
    expect(kept.code, kept.stderr).toBe(0);
    expect(jsonOut(kept).map((r) => r.message)).toEqual(["in the window", "also in the window"]);
    expect(kept.stderr).toMatch(/logs\/events: cache 40m(\d+s)? old \(immutable: its window had closed when fetched\)/);
    expect(suite.proxy.count("FilterLogEvents")).toBe(1);

    expect((await runInProcess([...args, "--ttl", "0"], suite.sandbox.env)).code).toBe(0);
    expect(suite.proxy.count("FilterLogEvents")).toBe(2);
    expect((await runInProcess([...args, "--force"], suite.sandbox.env)).code).toBe(0);
    expect(suite.proxy.count("FilterLogEvents")).toBe(3);
  });

  it("refetches past --ttl a window that still moves, and one fetched less than 15 minutes after it closed", async () => {
    const moving = ["logs", "search", GROUP, "--since", utc(120), "--until", "1h"];
    expect((await runInProcess(moving, suite.sandbox.env)).code).toBe(0);
    ageEntry(entryPath("logs", "events"), 40 * MINUTE);
    expect((await runInProcess(moving, suite.sandbox.env)).code).toBe(0);
    expect(suite.proxy.count("FilterLogEvents")).toBe(2);

    suite.useProfiles((endpoint) => [{ name: "moto", region: "us-east-1", endpoint }]);
    // Fetched 10 minutes after the window closed (late data may still arrive): --ttl applies.
    const recent = ["logs", "search", GROUP, "--since", utc(120), "--until", utc(10), "--ttl", "1ms"];
    expect((await runInProcess(recent, suite.sandbox.env)).code).toBe(0);
    expect((await runInProcess(recent, suite.sandbox.env)).code).toBe(0);
    expect(suite.proxy.count("FilterLogEvents")).toBe(4);
  });

  it("takes --until on cloudwatch metrics and lambda metrics, in the key as typed", async () => {
    const metric = [
      "cloudwatch",
      "metrics",
      "--namespace",
      "Custom/Windows",
      "--metric",
      "Latency",
      "--dimension",
      "Service=api",
      "--stat",
      "Maximum",
    ];
    const closed = await runInProcess([...metric, "--since", "2h", "--until", "30m"], suite.sandbox.env);
    expect(closed.code, closed.stderr).toBe(0);
    expect(jsonOut(closed).map((r) => r.value)).toEqual([5]);
    expect(cachedEnvelope(suite.sandbox, "cloudwatch", "metric-data").params).toMatchObject({
      since: "2h",
      until: "30m",
    });

    const lambda = await runInProcess(["lambda", "metrics", "--since", "1h30m", "--until", utc(30)], suite.sandbox.env);
    expect(lambda.code, lambda.stderr).toBe(0);
    expect(jsonOut(lambda).map((r) => [r.functionName, r.invocations])).toEqual([["windowed", 4]]);
    expect(cachedEnvelope(suite.sandbox, "lambda", "metrics").params).toEqual({
      since: "1h30m",
      until: utc(30),
      functions: ["windowed"],
    });
  });
});
