/**
 * `triage` end to end against moto_server: a broken region and a healthy one seeded through
 * the SDK, the built CLI through a counting (and fault-injecting) proxy, then offline from
 * the cache with the emulator stopped.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { seedTriageScenario, SCENARIO_FINDINGS, BROKEN_REGION, HEALTHY_REGION } from "../helpers/triage-scenario.js";
import type { Finding } from "../../src/records/index.js";

const moto = await startMoto();
const REGIONS = ["--region", `${BROKEN_REGION},${HEALTHY_REGION}`];
const NO_SDK = `--import=${pathToFileURL(fileURLToPath(new URL("../helpers/no-aws-sdk.mjs", import.meta.url))).href}`;
const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.ruleId} ${f.resourceId} ${f.region}`);

describe.skipIf(moto === undefined)("triage against moto_server", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await seedTriageScenario(endpoint);
  });

  it("finds each seeded problem, with its evidence, and nothing on the healthy resources", async () => {
    const result = await runInProcess(["triage", ...REGIONS], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const findings = jsonOut<Finding>(result);
    expect(summary(findings)).toEqual(SCENARIO_FINDINGS);
    const byRule = (ruleId: string, id: string) => findings.find((f) => f.ruleId === ruleId && f.resourceId === id);
    expect(byRule("lambda.errors", "payments-worker")).toMatchObject({
      resourceType: "lambda:function",
      arn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:payments-worker`,
      account: TEST_ACCOUNT,
      evidence: { errors: 40, invocations: 400, errorRate: 0.1 },
    });
    expect(byRule("lambda.duration-near-timeout", "thumbnailer")?.evidence).toMatchObject({
      durationMaxMs: 2800,
      timeoutMs: 3000,
    });
    expect(byRule("lambda.deprecated-runtime", "legacy-cron")?.evidence).toEqual({
      runtime: "python3.8",
      deprecatedOn: "2024-10-14",
      name: "Python 3.8",
    });
    expect(byRule("cloudwatch.alarm-firing", "payments-5xx")?.arn).toBe(
      `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT}:alarm:payments-5xx`,
    );
    expect(byRule("logs.no-retention", "/aws/lambda/legacy-cron")?.arn).toBe(
      `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/aws/lambda/legacy-cron`,
    );
    expect(findings.every((f) => !Number.isNaN(Date.parse(f.observedAt)))).toBe(true);
    expect(result.stderr).toMatch(/account 123456789012 \| regions eu-west-1,us-east-1 \| profile moto/);
    expect(result.stderr).toMatch(/awstriage: 8 findings: 3 high, 3 medium, 2 low/);
  });

  it("serves a second run from the cache with identical findings and no AWS call", async () => {
    const first = await runInProcess(["triage", ...REGIONS], suite.sandbox.env);
    const calls = suite.proxy.count();
    const second = await runInProcess(["triage", ...REGIONS], suite.sandbox.env);
    expect(second.code, second.stderr).toBe(0);
    expect(suite.proxy.count()).toBe(calls);
    expect(second.stdout).toBe(first.stdout);
  });

  it("--fail-on exits 6 when a finding is that severe or worse, 0 otherwise, and prints the findings either way", async () => {
    await runInProcess(["triage", ...REGIONS], suite.sandbox.env);
    for (const [severity, code] of [
      ["critical", 0],
      ["high", 6],
      ["medium", 6],
      ["low", 6],
      ["info", 6],
    ] as const) {
      const result = await runInProcess(["triage", ...REGIONS, "--fail-on", severity], suite.sandbox.env);
      expect(result.code, `--fail-on ${severity}`).toBe(code);
      expect(jsonOut(result)).toHaveLength(SCENARIO_FINDINGS.length);
    }
    const high = await runInProcess(["triage", ...REGIONS, "--fail-on", "high"], suite.sandbox.env);
    expect(high.stderr).toMatch(/--fail-on high: 3 findings at high or worse/);
    const onlyHealthy = await runInProcess(
      ["triage", "--region", HEALTHY_REGION, "--fail-on", "info"],
      suite.sandbox.env,
    );
    expect(onlyHealthy.code, onlyHealthy.stderr).toBe(0);
    expect(jsonOut(onlyHealthy)).toEqual([]);
  });

  it("refuses an unknown --fail-on severity or a bad --since with exit 2 before calling AWS", async () => {
    for (const args of [["--fail-on", "severe"], ["--since", "an hour"], ["--raw"]]) {
      const result = await runInProcess(["triage", ...args], suite.sandbox.env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
    expect(suite.proxy.count()).toBe(0);
  });

  it("prints the incidents on a table: each titled, its findings indented, alarms as signals, hygiene last", async () => {
    const result = await runInProcess(["triage", ...REGIONS, "-o", "table"], suite.sandbox.env);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("HIGH #1 payments-worker errors 10%");
    expect(lines[1]).toMatch(/^ {2}suspected-cause\s+lambda\.errors\s+payments-worker\s/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}↳ signal\s+cloudwatch\.alarm-firing\s+payments-5xx\s/));
    const hygiene = lines.findIndex((l) => /^HYGIENE \(\d+\)$/.test(l));
    expect(lines.slice(hygiene)).toContainEqual(expect.stringMatching(/logs\.no-retention/));
    expect(lines.at(-2)).toMatch(/^\d+ incidents?; 8 findings: 3 high, 3 medium, 2 low$/);
  });

  it("prints a table grouped by severity with --flat", async () => {
    const result = await runInProcess(["triage", ...REGIONS, "-o", "table", "--flat"], suite.sandbox.env);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("HIGH (3)");
    expect(lines[1]).toMatch(/^ {2}cloudwatch\.alarm-firing\s+payments-5xx\s+us-east-1\s+Alarm payments-5xx is ALARM/);
    expect(lines).toContain("MEDIUM (3)");
    expect(lines).toContain("LOW (2)");
    expect(lines.at(-2)).toBe("8 findings: 3 high, 3 medium, 2 low");
  });

  it("--out writes the findings with context and sources, and diff compares two such documents", async () => {
    const before = join(suite.sandbox.dir, "before.json");
    const result = await runInProcess(["triage", ...REGIONS, "--out", before], suite.sandbox.env);
    expect(result.code).toBe(0);
    const doc = JSON.parse(readFileSync(before, "utf8"));
    expect(doc).toMatchObject({
      schemaVersion: 1,
      command: "triage",
      context: { account: TEST_ACCOUNT, regions: [BROKEN_REGION, HEALTHY_REGION].sort(), profile: "moto" },
    });
    expect(doc.findings).toEqual(jsonOut(result));
    expect(doc.records).toBeUndefined();
    expect(
      doc.sources
        .map((s: { script: string; resource: string; region: string }) => `${s.script}/${s.resource}@${s.region}`)
        .sort(),
    ).toEqual(
      [
        "cloudwatch/alarms",
        "cloudwatch/metric-data",
        "cloudwatch/metric-list",
        "ec2/instance-status",
        "ec2/instances",
        "graph/apigateway-http",
        "graph/apigateway-rest",
        "graph/ecs-services",
        "graph/elbv2-target-groups",
        "graph/lambda-event-source-mappings",
        "lambda/account-settings",
        "lambda/functions",
        "lambda/metrics",
        "logs/groups",
      ]
        .flatMap((r) => [`${r}@${BROKEN_REGION}`, `${r}@${HEALTHY_REGION}`])
        // The series of the metric findings, asked only where there are some.
        .concat(`cloudwatch/metric-series@${BROKEN_REGION}`)
        // The log evidence of the two functions with errors (their groups do not exist: no lines).
        .concat([`logs/evidence@${BROKEN_REGION}`, `logs/evidence@${BROKEN_REGION}`])
        .sort(),
    );
    // Later, only the healthy region is looked at: every finding of the broken one is "resolved".
    const after = join(suite.sandbox.dir, "after.json");
    expect((await runInProcess(["triage", "--region", HEALTHY_REGION, "--out", after], suite.sandbox.env)).code).toBe(
      0,
    );
    const diff = await runInProcess(["diff", before, after], suite.sandbox.env);
    expect(diff.code, diff.stderr).toBe(0);
    expect(jsonOut(diff).map((e) => e.change)).toEqual(SCENARIO_FINDINGS.map(() => "resolved"));
    expect(diff.stderr).toMatch(/0 new, 8 resolved, 0 unchanged/);
    // Inside the TTL the second document holds the first one's fetch: diff says so, and so does --fail-on.
    expect(diff.stderr).toMatch(/warning: both documents were built from the same cache entries/);
    const failOn = await runCli(["diff", before, after, "--fail-on", "high"], suite.sandbox.env);
    expect(failOn.stderr).toMatch(/same cache entries .*; --fail-on high judged no newer data/);
    const refetched = join(suite.sandbox.dir, "refetched.json");
    const forced = await runCli(
      ["triage", "--region", HEALTHY_REGION, "--force", "--out", refetched],
      suite.sandbox.env,
    );
    expect(forced.code, forced.stderr).toBe(0);
    const fresh = await runCli(["diff", before, refetched], suite.sandbox.env);
    expect(fresh.stderr).not.toMatch(/same cache entries/);
  });

  it("still prints the other sources' findings when one fails, and names it on stderr and in --out with exit 4", async () => {
    suite.proxy.setFaults((call) => (call.service === "logs" ? "drop" : "pass"));
    const out = join(suite.sandbox.dir, "partial.json");
    const result = await runCli(
      ["triage", "--region", BROKEN_REGION, "--max-attempts", "1", "--out", out],
      suite.sandbox.env,
    );
    expect(result.code, result.stderr).toBe(4);
    expect(summary(jsonOut(result))).toEqual(SCENARIO_FINDINGS.filter((f) => !f.includes("logs.no-retention")));
    expect(result.stderr).toMatch(/logs\/groups/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    // The log evidence of the functions with errors could not be read either: one failure for the region.
    expect(doc.failures.map((f: { resource: string }) => f.resource).sort()).toEqual(["logs/evidence", "logs/groups"]);
    expect(doc.failures.every((f: { region: string }) => f.region === BROKEN_REGION)).toBe(true);
    expect(doc.findings).toHaveLength(SCENARIO_FINDINGS.length - 1);
  });

  // Last: it stops the emulator.
  it("recomputes identical findings --offline with the emulator stopped, no credentials and no AWS SDK; exits 5 after cache clear", async () => {
    const online = await runInProcess(["triage", ...REGIONS], suite.sandbox.env);
    expect(online.code, online.stderr).toBe(0);
    await moto?.stop();
    const { AWS_CONFIG_FILE: _config, ...noConfig } = suite.sandbox.env;
    const offlineEnv = { ...noConfig, AWS_CONFIG_FILE: join(suite.sandbox.dir, "missing"), NODE_OPTIONS: NO_SDK };
    const offline = await runCli(["triage", ...REGIONS, "--offline"], offlineEnv);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    // Both regions from the cache; their ages may differ by a second when the cold run straddled one.
    expect(offline.stderr).toMatch(
      /lambda\/metrics: cache (\d+s old \(2 regions\)|\d+s old eu-west-1, cache \d+s old us-east-1)[;\n]/,
    );
    expect((await runCli(["cache", "clear"], offlineEnv)).code).toBe(0);
    const cleared = await runCli(["triage", ...REGIONS, "--offline"], offlineEnv);
    expect(cleared.code).toBe(5);
    expect(cleared.stdout).toBe("");
  });
});
