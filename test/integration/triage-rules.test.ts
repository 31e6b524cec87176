/**
 * Issue 12 end to end against moto_server: the alarm-coverage rules on resources seeded
 * through the SDK, and a config file changing judgement (a threshold, a disabled rule, a
 * suppression) without touching the cache, online and --offline alike.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { DeleteFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { startMoto } from "../helpers/moto.js";
import { seedConfig } from "../helpers/aws-env.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { createAlarm, createFunctions, putMetricData } from "../helpers/seed-services.js";
import type { Finding } from "../../src/records/index.js";
import { LAST_RUN_NAME } from "../../src/cache/root-marker.js";

const moto = await startMoto();
const REGION = "us-east-1";
const ARGS = ["triage", "--region", REGION];
const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.ruleId} ${f.resourceId}`);

async function seed(endpoint: string): Promise<void> {
  await createFunctions(endpoint, REGION, [
    { name: "billing", runtime: "python3.13", timeout: 30 },
    { name: "ghost", runtime: "python3.13", timeout: 30 },
  ]);
  const fn = { FunctionName: "billing" };
  await putMetricData(endpoint, REGION, "AWS/Lambda", [
    { metricName: "Invocations", dimensions: fn, value: 100, minutesAgo: 10 },
    { metricName: "Errors", dimensions: fn, value: 10, minutesAgo: 10 },
    { metricName: "Duration", dimensions: fn, value: 200, minutesAgo: 10 },
  ]);
  // An alarm on a function that is then deleted.
  await createAlarm(endpoint, REGION, "ghost-errors", "OK", {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: "ghost" },
  });
  const lambda = new LambdaClient(seedConfig(endpoint, REGION));
  await lambda.send(new DeleteFunctionCommand({ FunctionName: "ghost" }));
  lambda.destroy();
  // Firing, and nobody is paged.
  await createAlarm(
    endpoint,
    REGION,
    "queue-depth",
    "ALARM",
    { namespace: "Shop", metricName: "QueueDepth", dimensions: { Queue: "orders" } },
    { enabled: false },
  );
}

/**
 * Every cache file with its content hash and modification time; not the record of the last
 * triage run (for `bundle create`), which every run rewrites by design.
 */
function cacheSnapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === LAST_RUN_NAME) continue;
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files[path] = `${stat.mtimeMs} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
    }
  };
  walk(dir);
  return files;
}

describe.skipIf(moto === undefined)("triage's alarm-coverage rules and the config file, against moto_server", () => {
  const suite = motoSuite(moto, seed);

  it("reports a failing function without an alarm, an alarm on a deleted function, and a firing alarm that pages nobody", async () => {
    const result = await runInProcess(ARGS, suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const findings = jsonOut<Finding>(result);
    expect(summary(findings)).toEqual([
      "high cloudwatch.alarm-actions-disabled queue-depth",
      "high cloudwatch.alarm-firing queue-depth",
      "high lambda.errors billing",
      "medium cloudwatch.alarm-orphaned ghost-errors",
      "medium lambda.unmonitored billing",
    ]);
    const find = (rule: string) => findings.find((f) => f.ruleId === rule);
    expect(find("cloudwatch.alarm-orphaned")?.evidence).toEqual({
      missing: [{ resourceType: "lambda:function", resourceId: "ghost" }],
      stateValue: "OK",
    });
    expect(find("cloudwatch.alarm-actions-disabled")).toMatchObject({
      title: "Alarm queue-depth is ALARM and notifies nobody: actions disabled",
      evidence: { stateValue: "ALARM", actionsEnabled: false },
    });
    expect(find("lambda.unmonitored")?.evidence).toEqual({ errors: 10, throttles: 0, invocations: 100 });
    // moto has no GetAccountSettings: the concurrency rule is skipped with one warning, the run is not failed.
    expect(result.stderr.match(/lambda\.concurrency-near-limit skipped in us-east-1: .*404/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/\| config none \|/);
  });

  it("a config file raises a threshold, disables a rule and suppresses a finding, without touching the cache; --offline agrees", async () => {
    await runInProcess(ARGS, suite.sandbox.env);
    const calls = suite.proxy.count();
    const before = cacheSnapshot(suite.sandbox.cacheDir);
    const configPath = join(suite.sandbox.dir, "team.json");
    const config = JSON.stringify({
      rules: { "lambda.errors": { thresholds: { errorRateHigh: 0.5 } }, "lambda.unmonitored": { enabled: false } },
      suppress: [
        { ruleId: "cloudwatch.alarm-orphaned", resourceId: "ghost-errors", reason: "alarm goes with the stack" },
      ],
    });
    writeFileSync(configPath, config);
    const out = join(suite.sandbox.dir, "judged.json");
    const judged = await runInProcess([...ARGS, "--config", configPath, "--out", out], suite.sandbox.env);
    expect(judged.code, judged.stderr).toBe(0);
    expect(summary(jsonOut<Finding>(judged))).toEqual([
      "high cloudwatch.alarm-actions-disabled queue-depth",
      "high cloudwatch.alarm-firing queue-depth",
      "medium lambda.errors billing",
    ]);
    expect(judged.stderr).toContain(`| config ${configPath} |`);
    expect(judged.stderr).toMatch(/3 findings: 2 high, 1 medium; 1 suppressed/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.config).toEqual({ path: configPath, sha256: createHash("sha256").update(config).digest("hex") });
    expect(doc.suppressed).toEqual([
      expect.objectContaining({
        ruleId: "cloudwatch.alarm-orphaned",
        resourceId: "ghost-errors",
        suppressedBy: { reason: "alarm goes with the stack", until: null },
      }),
    ]);
    // Judgement only: no AWS call, and not one cache file written.
    expect(suite.proxy.count()).toBe(calls);
    expect(cacheSnapshot(suite.sandbox.cacheDir)).toEqual(before);
    const lastRun = JSON.parse(readFileSync(join(suite.sandbox.cacheDir, LAST_RUN_NAME), "utf8"));
    expect(lastRun.config).toEqual(doc.config);

    const offline = await runInProcess([...ARGS, "--config", configPath, "--offline"], suite.sandbox.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(judged.stdout);
  });

  it("--by resource prints one row per resource with its findings; --out keeps them flat", async () => {
    const out = join(suite.sandbox.dir, "by-resource.json");
    const result = await runInProcess([...ARGS, "--by", "resource", "--out", out], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const rows = jsonOut<{ resource: string; severity: string; findings: Finding[] }>(result);
    expect(rows.map((r) => [r.resource, r.severity, r.findings.map((f) => f.ruleId)])).toEqual([
      ["queue-depth", "high", ["cloudwatch.alarm-actions-disabled", "cloudwatch.alarm-firing"]],
      ["billing", "high", ["lambda.errors", "lambda.unmonitored"]],
      ["ghost-errors", "medium", ["cloudwatch.alarm-orphaned"]],
    ]);
    expect(JSON.parse(readFileSync(out, "utf8")).findings).toHaveLength(5);
    const table = await runInProcess([...ARGS, "--by", "resource", "-o", "table"], suite.sandbox.env);
    expect(table.stdout).toMatch(
      /^high\s+lambda:function\s+billing\s+10 errors in 100 invocations \(10%\); 10 errors and no alarm/m,
    );
  });

  it("refuses a bad config file with exit 2 naming the file and the key, before any AWS call", async () => {
    const configPath = join(suite.sandbox.dir, "bad.json");
    writeFileSync(configPath, JSON.stringify({ rules: { "lambda.errors": { thresholds: { errorRateHigh: 5 } } } }));
    const result = await runInProcess([...ARGS, "--config", configPath], suite.sandbox.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(configPath);
    expect(result.stderr).toContain("rules.lambda.errors.thresholds.errorRateHigh");
    expect(suite.proxy.count()).toBe(0);
  });

  it("diff takes --config only with --fail-on", async () => {
    const result = await runInProcess(["diff", "a.json", "b.json", "--config", "x.json"], suite.sandbox.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--config applies only with --fail-on/);
  });
});
