/**
 * Issue 25.2 end to end: a run served from the cache says so on the FIRST line of stderr,
 * within 80 columns, before any warning (moto answers p99 with an error, so `lambda metrics`
 * and `triage` warn), and a window that ended when it was fetched says how far it lags now.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";
import { createFunctions, putMetricData } from "../helpers/seed-services.js";

const moto = await startMoto();
const FRESHNESS = /^awstriage: (partly )?cached (\d+m)?\d+s ago(, window lags (\d+m)?\d+s)? — --force to refetch$/;

describe.skipIf(moto === undefined)("the freshness line comes first on stderr", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await runInstances(endpoint, "us-east-1", 2, { tags: { Name: "web" } });
    await createFunctions(endpoint, "us-east-1", [{ name: "api", runtime: "python3.12", timeout: 3 }]);
    await putMetricData(endpoint, "us-east-1", "AWS/Lambda", [
      { metricName: "Invocations", dimensions: { FunctionName: "api" }, value: 40, minutesAgo: 10 },
      { metricName: "Errors", dimensions: { FunctionName: "api" }, value: 9, minutesAgo: 10 },
      { metricName: "Duration", dimensions: { FunctionName: "api" }, value: 1200, minutesAgo: 10 },
    ]);
  });
  const run = (args: string[]) => runInProcess([...args, "--region", "us-east-1"], suite.sandbox.env);

  /** Every entry under the cache made to look fetched `ms` earlier, its window ending then too. */
  function backdate(ms: number): void {
    const shift = (iso: string) => new Date(Date.parse(iso) - ms).toISOString();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".json") ? [join(dir, d.name)] : [],
      );
    for (const path of walk(suite.sandbox.cacheDir).filter((p) => !p.includes("/sts/"))) {
      const text = readFileSync(path, "utf8")
        .replace(/"fetchedAt":"([^"]+)"/, (_, at: string) => `"fetchedAt":"${shift(at)}"`)
        .replace(/"end":"([^"]+)"/, (_, at: string) => `"end":"${shift(at)}"`);
      writeFileSync(path, text);
    }
  }

  it.each([
    [["ec2", "list"], false],
    [["lambda", "metrics"], true],
    [["triage"], true],
  ])("%j: nothing on the first run, the line first (before its warnings) on the cached one", async (args, warns) => {
    const first = await run(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/cached .* ago/);
    const calls = suite.proxy.count();
    const second = await run(args);
    expect(second.code, second.stderr).toBe(0);
    expect(suite.proxy.count()).toBe(calls);
    const lines = second.stderr.trimEnd().split("\n");
    expect(lines[0], second.stderr).toMatch(FRESHNESS);
    expect(lines[0]?.length).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => FRESHNESS.test(l) || l.includes("window lags"))).toHaveLength(1);
    const warning = lines.findIndex((l) => l.startsWith("awstriage warn:"));
    if (warns) expect(warning, second.stderr).toBeGreaterThan(0);
    else expect(warning).toBe(-1);
    // A window ending "now" served from the cache says its lag; an inventory has no window.
    expect(lines[0]?.includes("window lags")).toBe(warns);
  });

  it("says how far a cached window's end lags behind now", async () => {
    expect((await run(["lambda", "metrics"])).code).toBe(0);
    backdate(3 * 60_000);
    const calls = suite.proxy.count();
    const cached = await run(["lambda", "metrics"]);
    expect(cached.code, cached.stderr).toBe(0);
    expect(suite.proxy.count()).toBe(calls);
    const first = cached.stderr.split("\n")[0] ?? "";
    expect(first, cached.stderr).toMatch(
      /^awstriage: cached 3m(\d+s)? ago, window lags 3m(\d+s)? — --force to refetch$/,
    );
    expect(cached.stderr.indexOf("p99 duration unavailable")).toBeGreaterThan(first.length);
    // --force: fetched now, nothing to say.
    const forced = await run(["lambda", "metrics", "--force"]);
    expect(forced.stderr).not.toMatch(/cached .* ago|window lags/);
  });

  it("offline, where --force is refused, says so instead of offering --force", async () => {
    expect((await run(["lambda", "metrics"])).code).toBe(0);
    const offline = await run(["lambda", "metrics", "--offline"]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr.split("\n")[0]).toMatch(
      /^awstriage: cached (\d+m)?\d+s ago, window lags (\d+m)?\d+s \(offline\)$/,
    );
    expect(offline.stderr).not.toContain("--force");
    // What the line offered before: a usage error.
    expect((await run(["lambda", "metrics", "--offline", "--force"])).code).toBe(2);
  });
});
