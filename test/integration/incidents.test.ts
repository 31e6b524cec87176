/**
 * Issue 22's outage end to end against moto_server: the resource graph fetched from the
 * emulator (API Gateway, ELBv2, ECS, event source mappings), the findings grouped into
 * incidents with their roles, ranked, alarms folded into what they watch, nothing on the healthy
 * twins; then a warm run that sends nothing and an offline run that gives the same incidents.
 * GetAccountSettings, which moto does not implement, comes from a loopback stand-in.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { outageStandIn } from "../helpers/account-settings-stand-in.js";
import { OUTAGE_REGION, seedOutage, type OutageIds } from "../helpers/outage-scenario.js";
import type { Finding, IncidentSummary } from "../../src/records/index.js";

const moto = await startMoto();
const REGION = ["--region", OUTAGE_REGION];
const NO_SDK = `--import=${pathToFileURL(fileURLToPath(new URL("../helpers/no-aws-sdk.mjs", import.meta.url))).href}`;

const find = (findings: Finding[], ruleId: string, resourceId?: string) => {
  const found = findings.find((f) => f.ruleId === ruleId && (resourceId === undefined || f.resourceId === resourceId));
  if (found === undefined) throw new Error(`no ${ruleId} ${resourceId ?? ""} in ${findings.map((f) => f.ruleId)}`);
  return found;
};

describe.skipIf(moto === undefined)("incidents of a multi-service outage against moto_server", () => {
  let ids: OutageIds;
  const suite = motoSuite(moto, async (endpoint) => {
    ids = await seedOutage(endpoint);
  });
  const { sandbox, standIn } = outageStandIn(suite);

  it("puts the API's 5XX, the function's throttles and the account limit in one incident, the limit the suspected cause", async () => {
    const sb = sandbox();
    const out = join(sb.dir, "triage.json");
    const result = await runCli(["triage", ...REGION, "--out", out], sb.env);
    expect(result.code, result.stderr).toBe(0);
    const findings = jsonOut<Finding>(result);
    const incidents = JSON.parse(readFileSync(out, "utf8")).incidents as IncidentSummary[];

    const api = find(findings, "apigw.5xx-rate", "orders-api");
    const throttles = find(findings, "lambda.throttles", "orders-handler");
    const limit = find(findings, "lambda.concurrency-near-limit", "account");
    expect([api.role, throttles.role, limit.role]).toEqual(["entry", "affected", "suspected-cause"]);
    expect(new Set([api.incident, throttles.incident, limit.incident]).size).toBe(1);
    expect(throttles).toMatchObject({ severity: "high", evidence: { throttles: 250, attempts: 2250 } });
    expect(limit.evidence).toMatchObject({ peakConcurrentExecutions: 980, concurrentExecutionsLimit: 1000 });

    // The load balancer's incident first (critical: no healthy host), then the API's.
    const tg = find(findings, "alb.unhealthy-hosts", ids.tg);
    const lb = find(findings, "alb.elb-5xx-rate", ids.lb);
    expect([lb.role, tg.role, lb.incident]).toEqual(["entry", "suspected-cause", tg.incident]);
    expect(tg).toMatchObject({ severity: "critical", evidence: { loadBalancer: ids.lb } });
    expect(tg.related).toContainEqual(expect.objectContaining({ resourceId: ids.lb, relation: "load-balancer" }));
    expect(incidents.slice(0, 2).map((i) => [i.rank, i.id, i.entryPoints])).toEqual([
      [1, tg.incident, 1],
      [2, api.incident, 1],
    ]);
    expect(incidents[0]?.title).toBe("web-lb 5XX 10% ← web-tg no healthy host");
    expect(incidents[1]).toMatchObject({
      title: "orders-api 5XX 8% ← orders-handler throttled 11% ← account concurrency 980/1000",
      severity: "high",
      suspectedCause: { resourceType: "lambda:account", resourceId: "account" },
    });

    // The queue feeds the failing worker through its event source mapping.
    const queue = find(findings, "sqs.message-age", "jobs");
    const worker = find(findings, "lambda.errors", "worker");
    expect([queue.role, worker.role, queue.incident]).toEqual(["entry", "suspected-cause", worker.incident]);

    // The ECS service behind the target group, from ECS's own answer (cached as the graph source).
    const services = JSON.parse(
      readFileSync(join(sb.cacheDir, "graph", "moto", OUTAGE_REGION, "ecs-services.json"), "utf8"),
    );
    expect(services.items).toContainEqual(
      expect.objectContaining({
        clusterName: "prod",
        serviceName: "web",
        targetGroupArns: [expect.stringContaining(ids.tg)],
      }),
    );

    // Every alarm in ALARM is a signal of the resource it watches, in that resource's incident.
    const alarms = findings.filter((f) => f.ruleId === "cloudwatch.alarm-firing");
    expect(alarms.map((a) => [a.resourceId, a.incident]).sort()).toEqual(
      [
        ["account-concurrency", api.incident],
        ["jobs-age", queue.incident],
        ["orders-api-5xx", api.incident],
        ["web-tg-unhealthy", tg.incident],
      ].sort(),
    );
    expect(incidents.every((i) => i.findings.some((f) => f.ruleId !== "cloudwatch.alarm-firing"))).toBe(true);

    // Nothing on the healthy twins, the idle load balancer's one slow request included.
    const twins = ["catalog-api", "catalog-handler", "worker-twin", "jobs-twin", ids.idleLb, ids.idleTg, "prod/idle"];
    expect(findings.filter((f) => twins.includes(f.resourceId)).map((f) => `${f.ruleId} ${f.resourceId}`)).toEqual([]);
    expect(standIn().answered()).toBe(1);
  });

  it("shows the incidents on a terminal: the load balancer's, then the API's, findings indented", async () => {
    const sb = sandbox();
    const result = await runCli(["triage", ...REGION, "-o", "table", "--wide"], sb.env);
    expect(result.code, result.stderr).toBe(0);
    const heads = result.stdout.split("\n").filter((l) => /^[A-Z]+ #\d+ /.test(l));
    expect(heads.slice(0, 2)).toEqual([
      "CRITICAL #1 web-lb 5XX 10% ← web-tg no healthy host",
      "HIGH #2 orders-api 5XX 8% ← orders-handler throttled 11% ← account concurrency 980/1000",
    ]);
    expect(result.stdout).toMatch(/\n {2}suspected-cause +lambda\.concurrency-near-limit +account /);
    // The graph's count: one load balancer, one API; the queue's incident is reached by none.
    expect(result.stdout.match(/\(reached from .*\)/g)).toEqual([
      "(reached from 1 entry point)",
      "(reached from 1 entry point)",
    ]);
  });

  it("a warm run sends nothing, and --offline with no AWS gives the same incidents", async () => {
    const sb = sandbox();
    const cold = join(sb.dir, "cold.json");
    expect((await runCli(["triage", ...REGION, "--out", cold], sb.env)).code).toBe(0);
    const [calls, answered] = [suite.proxy.count(), standIn().answered()];
    // The graph's services were asked (REST-JSON calls are named by their path, so by service here).
    const services = new Set(suite.proxy.calls.map((c) => c.service));
    expect(["apigateway", "elasticloadbalancing", "ecs"].filter((s) => !services.has(s))).toEqual([]);
    expect(suite.proxy.count("DescribeTargetHealth")).toBeGreaterThan(0);
    const warm = join(sb.dir, "warm.json");
    expect((await runCli(["triage", ...REGION, "--out", warm], sb.env)).code).toBe(0);
    expect([suite.proxy.count(), standIn().answered()]).toEqual([calls, answered]);
    const offlineOut = join(sb.dir, "offline.json");
    const { AWS_CONFIG_FILE: _config, ...noConfig } = sb.env;
    const offlineEnv = { ...noConfig, AWS_CONFIG_FILE: join(sb.dir, "missing"), NODE_OPTIONS: NO_SDK };
    const offline = await runCli(["triage", ...REGION, "--offline", "--out", offlineOut], offlineEnv);
    expect(offline.code, offline.stderr).toBe(0);
    const incidentsOf = (file: string) => JSON.parse(readFileSync(file, "utf8")).incidents;
    expect(incidentsOf(offlineOut)).toEqual(incidentsOf(cold));
    expect(incidentsOf(warm)).toEqual(incidentsOf(cold));
    expect(suite.proxy.count()).toBe(calls);
  });
});
