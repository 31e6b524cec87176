/**
 * Issue 23 against moto_server: metric findings say since when (within one period of the
 * seeded start), which way they are going, and the series judged; a breach that ended an hour
 * ago is `ended`, one severity lower. The series cost one more cached GetMetricData call.
 */
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { displayWidth } from "../../src/output/terminal-text.js";
import { startCloudTrailStandIn } from "../helpers/cloudtrail-stand-in.js";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { ENDED, RISING, RISING_STARTED_MINUTES_AGO, seedTimeScenario, TIME_REGION } from "../helpers/time-scenario.js";
import type { Finding, LambdaMetricsRecord } from "../../src/records/index.js";

const moto = await startMoto();
const ARGS = ["triage", "--region", TIME_REGION, "--since", "2h", "--sources", "lambda", "-o", "json"];
let seededAt = 0;
const FORCE_TTY = pathToFileURL(new URL("../helpers/force-tty.mjs", import.meta.url).pathname).href;

describe.skipIf(moto === undefined)("onset and trend of metric findings against moto_server", () => {
  const suite = motoSuite(moto, (endpoint) => {
    seededAt = Date.now();
    return seedTimeScenario(endpoint, seededAt);
  });
  const errorsOf = (findings: Finding[], name: string) =>
    findings.find((f) => f.ruleId === "lambda.errors" && f.resourceId === name);

  it("gives the rising breach its onset within one period, and the ended one a lower severity", async () => {
    const result = await runCli(ARGS, suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const findings = jsonOut<Finding>(result);
    const rising = errorsOf(findings, RISING);
    expect(rising).toMatchObject({ severity: "high", trend: "rising" });
    const seededStart = seededAt - RISING_STARTED_MINUTES_AGO * 60_000;
    expect(Math.abs(Date.parse(rising?.since ?? "") - seededStart)).toBeLessThanOrEqual(60_000);
    // The series is the one judged, at one minute per point, ISO times only.
    expect(rising?.series?.length).toBeGreaterThanOrEqual(120);
    expect(rising?.series?.every((p) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/.test(p.at))).toBe(true);
    expect(Math.max(...(rising?.series ?? []).map((p) => p.value ?? 0))).toBe(RISING_STARTED_MINUTES_AGO);
    expect(Date.parse(rising?.peakAt ?? "")).toBeGreaterThan(seededAt - 3 * 60_000);
    // 250 errors in 11,900 invocations is medium; it ended an hour ago, so low.
    const ended = errorsOf(findings, ENDED);
    expect(ended).toMatchObject({ severity: "low", trend: "ended" });
    expect(Math.abs(Date.parse(ended?.since ?? "") - (seededAt - 110 * 60_000))).toBeLessThanOrEqual(60_000);
  });

  it("the series is one more GetMetricData call, cached: a warm run and --offline send nothing", async () => {
    // The window's aggregates, cached as `lambda metrics` caches them, which triage then reads.
    const metrics = await runCli(["lambda", "metrics", "--region", TIME_REGION, "--since", "2h"], suite.sandbox.env);
    expect(metrics.code, metrics.stderr).toBe(0);
    suite.proxy.reset();
    const cold = await runCli(ARGS, suite.sandbox.env);
    expect(cold.code, cold.stderr).toBe(0);
    // The account's ConcurrentExecutions, and the series of both findings in one call.
    expect(suite.proxy.count("GetMetricData")).toBe(2);
    const calls = suite.proxy.count();
    const warm = await runCli(ARGS, suite.sandbox.env);
    expect(suite.proxy.count()).toBe(calls);
    expect(warm.stdout).toBe(cold.stdout);
    const offline = await runCli([...ARGS, "--offline"], suite.sandbox.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(cold.stdout);
  });

  it("a terminal table shows the series as a sparkline and relative times, at 80 and 200 columns; json keeps ISO", async () => {
    const json = await runCli(ARGS, suite.sandbox.env);
    expect(json.stdout).not.toMatch(/\d[smhd] ago|since \d+[smhd]\b|▁|█/);
    // The flat list (on a terminal, triage groups findings into incidents otherwise).
    const table = [...ARGS.map((a) => (a === "json" ? "table" : a)), "--flat"];
    for (const columns of [80, 200]) {
      const tty = { ...suite.sandbox.env, AWSTRIAGE_TEST_COLUMNS: String(columns), LANG: "en_US.UTF-8" };
      const result = await runCli(table, tty, { nodeArgs: ["--import", FORCE_TTY] });
      expect(result.code, result.stderr).toBe(0);
      const rising = result.stdout.split("\n").find((l) => l.includes(RISING) && l.includes("rising"));
      expect(rising, result.stdout).toMatch(/[▁▂▃▄▅▆▇█]{7} rising since 1h2\dm/);
      const ended = result.stdout.split("\n").find((l) => l.includes(ENDED) && l.includes("ended"));
      expect(ended, result.stdout).toMatch(/[▁▂▃▄▅▆▇█]{7} ended, began 1h5\dm ago/);
      for (const line of result.stdout.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    }
    // Not a UTF-8 locale: ASCII.
    const ascii = await runCli(table, { ...suite.sandbox.env, LANG: "C" }, { nodeArgs: ["--import", FORCE_TTY] });
    expect(ascii.stdout).toMatch(/[_.,\-~=*#]{7} rising since/);
    expect(ascii.stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it("lambda metrics has each function's errors over the window, asked in the same call, a sparkline on a terminal", async () => {
    const bodies: string[] = [];
    suite.proxy.reset();
    suite.proxy.setFaults((call, _i, body) => {
      if (call.action === "GetMetricData") bodies.push(body);
      return "pass";
    });
    const args = ["lambda", "metrics", "--region", TIME_REGION, "--since", "2h"];
    try {
      const json = await runCli([...args, "--force", "-o", "json"], suite.sandbox.env);
      expect(json.code, json.stderr).toBe(0);
      const records = jsonOut<LambdaMetricsRecord>(json);
      const rising = records.find((r) => r.functionName === RISING)?.errorSeries ?? [];
      expect(rising.length).toBeGreaterThanOrEqual(120);
      expect(rising.every((p) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/.test(p.at))).toBe(true);
      expect(Math.max(...rising.map((p) => p.value ?? 0))).toBe(RISING_STARTED_MINUTES_AGO);
      // The seeded start: nothing before it, errors from then on. The periods count from the
      // window's start, which AWS rounds down to the minute and moto does not, so with moto the
      // period the first error fell in may be labelled up to two minutes before it.
      const firstError = Date.parse(rising.find((p) => (p.value ?? 0) > 0)?.at ?? "");
      const seededStart = seededAt - RISING_STARTED_MINUTES_AGO * 60_000;
      expect(firstError).toBeLessThanOrEqual(seededStart);
      expect(seededStart - firstError).toBeLessThan(120_000);
      const ended = records.find((r) => r.functionName === ENDED)?.errorSeries ?? [];
      expect(ended.filter((p) => Date.parse(p.at) > seededAt - 55 * 60_000).every((p) => p.value === 0)).toBe(true);
      expect(json.stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
      // One call holds both functions' aggregates and series (p99 goes in a call of its own).
      const standard = bodies.filter((b) => !b.includes('"p99"'));
      expect(standard).toHaveLength(1);
      expect(standard[0]).toMatch(/"errorsSeries_1"[\s\S]*"invocations_0"|"invocations_0"[\s\S]*"errorsSeries_1"/);
      for (const columns of [80, 200]) {
        const tty = { ...suite.sandbox.env, AWSTRIAGE_TEST_COLUMNS: String(columns), LANG: "en_US.UTF-8" };
        const table = await runCli([...args, "-o", "table"], tty, { nodeArgs: ["--import", FORCE_TTY] });
        expect(table.code, table.stderr).toBe(0);
        const lines = table.stdout.split("\n");
        expect(lines[0]).toMatch(/\berrorSeries\b/);
        expect(lines.find((l) => l.startsWith(RISING))).toMatch(/▁{3,}[▂▃▄▅▆▇]+█/);
        expect(lines.find((l) => l.startsWith(ENDED))).toMatch(/█+[▁▂▃▄▅▆▇]*▁{3,}/);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      }
      // Served from the cache: no more GetMetricData.
      expect(bodies.filter((b) => !b.includes('"p99"'))).toHaveLength(1);
    } finally {
      suite.proxy.setFaults(undefined);
    }
  });

  it("the changes source puts CloudTrail's and the function's own changes beside the finding, cached", async () => {
    // The onset is the start of the minute the first error fell in; the recorded deploy is 2 minutes before it.
    const onset = Math.floor((seededAt - RISING_STARTED_MINUTES_AGO * 60_000) / 60_000) * 60_000;
    const trail = await startCloudTrailStandIn(onset);
    try {
      const env = { ...suite.sandbox.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const args = [...ARGS.map((a) => (a === "lambda" ? "lambda,changes" : a))];
      const result = await runCli(args, env);
      expect(result.code, result.stderr).toBe(0);
      const rising = errorsOf(jsonOut<Finding>(result), RISING);
      const summaries = rising?.changes?.map((c) => c.summary) ?? [];
      // Newest first: moto's LastModified (the function was created as the scenario was seeded), then the deploy.
      expect(summaries).toEqual([
        expect.stringMatching(/^function updated orders-handler, 1h(19|20|21)m after errors began$/),
        "UpdateFunctionCode orders-handler by deploy-bot, 2m before errors began",
      ]);
      expect(rising?.changes?.[1]).toMatchObject({ who: "deploy-bot", source: "cloudtrail", resource: RISING });
      // Write events only, over the window from an hour before it, both pages.
      expect(trail.requests).toHaveLength(2);
      expect(trail.requests[0]).toMatchObject({
        LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
      });
      expect(Number(trail.requests[0]?.StartTime)).toBeLessThanOrEqual((seededAt - 3 * 3_600_000) / 1000 + 120);
      // Cached: again, and offline, nothing more is asked and the changes are the same.
      const again = await runCli(args, env);
      const offline = await runCli([...args, "--offline"], env);
      expect(trail.requests).toHaveLength(2);
      expect(again.stdout).toBe(result.stdout);
      expect(offline.stdout).toBe(result.stdout);
      // On a terminal, the latest change under the finding; without the source, no changes at all.
      const table = await runCli(
        [...args.map((a) => (a === "json" ? "table" : a)), "--flat"],
        { ...env, AWSTRIAGE_TEST_COLUMNS: "200", LANG: "en_US.UTF-8" },
        { nodeArgs: ["--import", FORCE_TTY] },
      );
      expect(table.stdout).toMatch(/\n {4}changed: function updated orders-handler, 1h\d\dm after errors began\n/);
      const without = await runCli(ARGS, env);
      expect(errorsOf(jsonOut<Finding>(without), RISING)).not.toHaveProperty("changes");
    } finally {
      await trail.close();
    }
  });

  it("CloudTrail denied: exit 4 naming it, and the changes at hand are still beside the finding", async () => {
    const trail = await startCloudTrailStandIn(Date.now(), { denied: true });
    try {
      const env = { ...suite.sandbox.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const args = [...ARGS.map((a) => (a === "lambda" ? "lambda,changes" : a)), "--force"];
      const result = await runCli(args, env);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/cloudtrail\/events[\s\S]*not authorized to perform: cloudtrail:LookupEvents/);
      expect(result.stderr).toMatch(/CloudTrail's changes are left out \(incomplete\)/);
      const rising = errorsOf(jsonOut<Finding>(result), RISING);
      expect(rising?.changes?.map((c) => c.summary)).toEqual([
        expect.stringMatching(/^function updated orders-handler, 1h(19|20|21)m after errors began$/),
      ]);
    } finally {
      await trail.close();
    }
  });
});
