/**
 * The metric catalogue end to end against moto_server: resources discovered with ListMetrics,
 * every question of the region asked in a bounded number of GetMetricData calls, a warm run
 * that sends nothing, `--offline` giving the same findings, and the `--max-metrics` cap.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { METRIC_FINDINGS, METRIC_REGION, seedMetricScenario } from "../helpers/metric-scenario.js";
import type { Finding } from "../../src/records/index.js";

const moto = await startMoto();
const REGION = ["--region", METRIC_REGION];
const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.ruleId} ${f.resourceId}`);
const metricFindings = (findings: Finding[]) => findings.filter((f) => f.ruleId.split(".")[0] !== "lambda");

describe.skipIf(moto === undefined)("triage over the metric catalogue against moto_server", () => {
  const suite = motoSuite(moto, (endpoint) => seedMetricScenario(endpoint));

  it("finds each seeded problem from metrics alone and nothing on the healthy API and table", async () => {
    const out = join(suite.sandbox.cacheDir, "..", "triage.json");
    const result = await runInProcess(["triage", ...REGION, "--out", out], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const findings = jsonOut<Finding>(result);
    expect(summary(metricFindings(findings))).toEqual(METRIC_FINDINGS);
    const api = findings.find((f) => f.ruleId === "apigw.5xx-rate");
    expect(api).toMatchObject({
      resourceType: "apigateway:api",
      account: TEST_ACCOUNT,
      evidence: { metric: "5XXError", value: 0.07, threshold: 0.01, errors: 7, Count: 100 },
    });
    expect(findings.find((f) => f.ruleId === "dynamodb.throttles")).toMatchObject({
      arn: `arn:aws:dynamodb:us-east-1:${TEST_ACCOUNT}:table/sessions`,
      evidence: { ThrottledRequests: 7, ReadThrottleEvents: 3 },
    });
    // Each catalogue finding has its series: the table's per-Operation throttles summed per minute.
    const throttles = findings.find((f) => f.ruleId === "dynamodb.throttles");
    expect(Math.max(...(throttles?.series ?? []).map((p) => p.value ?? 0))).toBe(7);
    // One burst ten minutes ago, quiet since (not yet a quarter of the window): recovering.
    expect(throttles).toMatchObject({ trend: "recovering", since: throttles?.peakAt });
    // A rate per minute: 7 of the 10 requests of that minute.
    expect(findings.find((f) => f.ruleId === "apigw.5xx-rate")?.series?.some((p) => p.value === 0.7)).toBe(true);
    // Asked with its dimensions in ListMetrics' order (moto matches them by position).
    const hosts = findings.find((f) => f.ruleId === "alb.unhealthy-hosts");
    expect(Math.max(...(hosts?.series ?? []).map((p) => p.value ?? 0))).toBe(1);
    expect(findings.find((f) => f.ruleId === "ecs.cpu-high")?.arn).toBe(
      `arn:aws:ecs:us-east-1:${TEST_ACCOUNT}:service/prod/api`,
    );
    // moto answers percentiles with an error: p99 latency is skipped with one warning, the rest stands.
    expect(result.stderr.match(/could not answer Latency p99/g)).toHaveLength(1);
    const document = JSON.parse(readFileSync(out, "utf8"));
    expect(document.metricsQueried).toEqual({ [METRIC_REGION]: expect.any(Number) });
    expect(document.failures).toBeUndefined();
  });

  it("asks each namespace once and the whole region in a bounded number of GetMetricData calls; warm, nothing", async () => {
    const cold = await runInProcess(
      ["triage", ...REGION, "--sources", "apigw,dynamodb,ecs,alb,sqs,ec2"],
      suite.sandbox.env,
    );
    expect(cold.code, cold.stderr).toBe(0);
    expect(suite.proxy.count("ListMetrics")).toBe(6);
    // One call for every standard statistic of the region; then the p99 call, which moto answers
    // with HTTP 500, so the SDK makes its three attempts; then one for the findings' series.
    expect(suite.proxy.count("GetMetricData")).toBe(5);
    const calls = suite.proxy.count();
    const warm = await runInProcess(
      ["triage", ...REGION, "--sources", "apigw,dynamodb,ecs,alb,sqs,ec2"],
      suite.sandbox.env,
    );
    expect(warm.code, warm.stderr).toBe(0);
    expect(suite.proxy.count()).toBe(calls);
    expect(warm.stdout).toBe(cold.stdout);
    const offline = await runCli(
      ["triage", ...REGION, "--sources", "apigw,dynamodb,ecs,alb,sqs,ec2", "--offline"],
      suite.sandbox.env,
    );
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(cold.stdout);
  });

  it("--sources leaves out what it does not name", async () => {
    const result = await runInProcess(["triage", ...REGION, "--sources", "ecs"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(summary(jsonOut<Finding>(result))).toEqual(["medium ecs.cpu-high prod/api"]);
    expect(suite.proxy.count("ListMetrics")).toBe(1);
    expect(suite.proxy.count("ListFunctions")).toBe(0);
  });

  it("--max-metrics says on stderr and in --out what it left out, and keeps the exit code", async () => {
    const out = join(suite.sandbox.cacheDir, "..", "capped.json");
    const result = await runCli(
      ["triage", ...REGION, "--sources", "alb", "--max-metrics", "2", "--out", out],
      suite.sandbox.env,
    );
    expect(result.code, result.stderr).toBe(0);
    // Resources sort by type: the load balancer's four metrics do not fit, so it and everything after are left out.
    expect(result.stderr).toMatch(/--max-metrics 2: 6 metric\(s\) of 2 resource\(s\) left out/);
    const document = JSON.parse(readFileSync(out, "utf8"));
    expect(document.metricsQueried).toEqual({ [METRIC_REGION]: 0 });
    expect(document.failures).toEqual([
      expect.objectContaining({ region: METRIC_REGION, resource: "cloudwatch/metric-health" }),
    ]);
    expect(jsonOut<Finding>(result)).toEqual([]);
  });

  it("rejects a --sources name it does not know", async () => {
    const result = await runInProcess(["triage", ...REGION, "--sources", "rds"], suite.sandbox.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--sources must be one or more of/);
  });

  it("cloudwatch health prints the measured values with their thresholds, breached or not, from the same cache", async () => {
    const triage = await runInProcess(["triage", ...REGION, "--sources", "alb"], suite.sandbox.env);
    expect(triage.code, triage.stderr).toBe(0);
    const calls = suite.proxy.count();
    const result = await runInProcess(["cloudwatch", "health", ...REGION, "--sources", "alb"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(suite.proxy.count()).toBe(calls);
    const rows = jsonOut<Record<string, unknown>>(result).map(
      (r) => `${r.ruleId} ${r.resourceId} ${r.metric} ${r.stat} ${r.value} ${r.threshold} ${r.breached}`,
    );
    // A rate says `rate` (not the Sums it comes from); HealthyHostCount, which decides critical, has its row.
    expect(rows).toEqual([
      "alb.elb-5xx-rate app/web/50dc6c495c0c9188 HTTPCode_ELB_5XX_Count rate 0 0.01 false",
      "alb.target-5xx-rate app/web/50dc6c495c0c9188 HTTPCode_Target_5XX_Count rate 0.005 0.01 false",
      "alb.target-response-time app/web/50dc6c495c0c9188 TargetResponseTime Average 200 500 false",
      "alb.unhealthy-hosts targetgroup/web/73e2d6bc24d8a067 UnHealthyHostCount Maximum 1 0 true",
      "alb.unhealthy-hosts targetgroup/web/73e2d6bc24d8a067 HealthyHostCount Minimum 2 0 false",
    ]);
    // The table reads a rate and its threshold as percentages; json above keeps the fractions.
    const table = await runInProcess(
      ["cloudwatch", "health", ...REGION, "--sources", "alb", "-o", "table"],
      suite.sandbox.env,
    );
    expect(table.code, table.stderr).toBe(0);
    const rateRow = table.stdout.split("\n").find((l) => l.includes("HTTPCode_Target_5XX_Count"));
    expect(rateRow?.split(/\s+/)).toEqual(expect.arrayContaining(["rate", "0.5%", "1%", "false"]));
    expect(table.stdout).not.toContain("0.005");
    expect(table.stdout.split("\n").find((l) => l.includes("TargetResponseTime"))).toMatch(/\b200\s+500\b/);
  });
});
