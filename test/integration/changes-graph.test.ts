/**
 * Issue 23's changes against moto_server, on issue 22's outage: the ECS service's deployment
 * (from the graph's own ECS answer) is a change, and changes are followed along the resource
 * graph's edges: the API's 5XX finding lists the deploy of the function behind it (the recorded
 * LookupEvents stand-in), the load balancer's and its target group's the deployment of the ECS
 * service behind them, and the incident lists them once. GetAccountSettings (for the account
 * limit) comes from its loopback stand-in.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { startCloudTrailStandIn } from "../helpers/cloudtrail-stand-in.js";
import { outageStandIn } from "../helpers/account-settings-stand-in.js";
import { OUTAGE_REGION, seedOutage, type OutageIds } from "../helpers/outage-scenario.js";
import { DEFAULT_SOURCE_NAMES } from "../../src/triage/sources.js";
import type { Finding, IncidentSummary, TimelineEvent } from "../../src/records/index.js";

const moto = await startMoto();
const REGION = ["--region", OUTAGE_REGION];
const WITH_CHANGES = ["--sources", [...DEFAULT_SOURCE_NAMES, "changes"].join(",")];

const find = (findings: Finding[], ruleId: string, resourceId: string) => {
  const found = findings.find((f) => f.ruleId === ruleId && f.resourceId === resourceId);
  if (found === undefined) throw new Error(`no ${ruleId} ${resourceId} in ${findings.map((f) => f.ruleId)}`);
  return found;
};

describe.skipIf(moto === undefined)("changes along the resource graph against moto_server", () => {
  let ids: OutageIds;
  let seededAt = 0;
  const suite = motoSuite(moto, async (endpoint) => {
    seededAt = Date.now();
    ids = await seedOutage(endpoint);
  });
  const { sandbox } = outageStandIn(suite);

  it("the ECS service's deployment is a change: timeline prod/web lists it, from the graph's cached ECS answer", async () => {
    const sb = sandbox();
    const trail = await startCloudTrailStandIn(Date.now());
    try {
      const env = { ...sb.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const result = await runCli(["timeline", "prod/web", ...REGION, "--since", "1h", "-o", "json"], env);
      expect(result.code, result.stderr).toBe(0);
      const changes = jsonOut<TimelineEvent>(result).filter((e) => e.kind === "change");
      // moto starts one deployment of the registered task definition when the service is created.
      expect(changes).toContainEqual(
        expect.objectContaining({
          resource: "prod/web",
          summary: "deployed web:1 to prod/web",
          evidence: expect.objectContaining({ source: "ecs", who: null }),
        }),
      );
      const at = Date.parse(changes.find((e) => e.resource === "prod/web")?.at ?? "");
      expect(Math.abs(at - seededAt)).toBeLessThan(120_000);
      // Not the idle twin's service.
      expect(changes.some((e) => e.resource === "prod/idle")).toBe(false);
      // One read of ECS serves the graph and the changes.
      expect(suite.proxy.count("ListClusters")).toBe(1);
    } finally {
      await trail.close();
    }
  });

  it("follows changes along the graph: the API's 5XX lists the function's deploy, the load balancer's the ECS deployment", async () => {
    const sb = sandbox();
    const first = await runCli(["triage", ...REGION, "-o", "json"], sb.env);
    expect(first.code, first.stderr).toBe(0);
    const onset = find(jsonOut<Finding>(first), "apigw.5xx-rate", "orders-api").since;
    expect(onset).toEqual(expect.any(String));
    // The recorded deploy of orders-handler, two minutes before the API's 5XX began.
    const trail = await startCloudTrailStandIn(Date.parse(onset as string));
    try {
      const env = { ...sb.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const out = join(sb.dir, "triage.json");
      const result = await runCli(["triage", ...REGION, ...WITH_CHANGES, "-o", "json", "--out", out], env);
      expect(result.code, result.stderr).toBe(0);
      const findings = jsonOut<Finding>(result);
      const api = find(findings, "apigw.5xx-rate", "orders-api");
      expect(api.changes?.map((c) => c.summary)).toContain(
        "UpdateFunctionCode orders-handler by deploy-bot, 2m before 5XX answers began",
      );
      // The load balancer and its target group (two edges and one above it) see the ECS service's deployment,
      // worded against their own onset, or the incident's where a finding has none of its own.
      const deployed =
        /^deployed web:1 to prod\/web, (\d+h)?\d+m (before|after) (5XX answers|unhealthy hosts|the incident) began$/;
      for (const f of [find(findings, "alb.elb-5xx-rate", ids.lb), find(findings, "alb.unhealthy-hosts", ids.tg)]) {
        expect(f.changes?.map((c) => c.summary)).toContainEqual(expect.stringMatching(deployed));
        expect(f.changes?.some((c) => c.resource === "prod/idle" || c.resource === "orders-handler")).toBe(false);
      }
      // Newest first; the incident lists each change once, worded against its onset.
      const times = api.changes?.map((c) => Date.parse(c.at)) ?? [];
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const tg = find(findings, "alb.unhealthy-hosts", ids.tg);
      const incident = (JSON.parse(readFileSync(out, "utf8")).incidents as IncidentSummary[]).find(
        (i) => i.id === tg.incident,
      );
      const rollouts = incident?.changes?.filter((c) => c.resource === "prod/web" && c.what === "deployed web:1 to");
      expect(rollouts?.map((c) => c.summary)).toEqual([expect.stringMatching(/ the incident began$/)]);
      // Offline, from the cache alone: the same findings and changes.
      const offline = await runCli(["triage", ...REGION, ...WITH_CHANGES, "-o", "json", "--offline"], env);
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stdout).toBe(result.stdout);
      // Control: without the API's integrations (no edge to the function), its finding does not see the deploy.
      const noEdges = [...DEFAULT_SOURCE_NAMES.filter((n) => n !== "apigw-integrations"), "changes"].join(",");
      const without = await runCli(["triage", ...REGION, "--sources", noEdges, "-o", "json"], env);
      expect(without.code, without.stderr).toBe(0);
      const alone = find(jsonOut<Finding>(without), "apigw.5xx-rate", "orders-api");
      expect(alone.changes?.some((c) => c.resource === "orders-handler")).toBe(false);
    } finally {
      await trail.close();
    }
  });
});
