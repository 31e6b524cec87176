/** Changes followed along the resource graph's edges, to findings and incidents (pure). */
import { describe, expect, it } from "vitest";
import { incidentsWithChanges, withChanges } from "../../../src/changes/attach.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";
import type { Change, Finding, GraphEdgeRecord, IncidentSummary } from "../../../src/records/index.js";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ONSET = Date.parse("2026-12-07T05:00:00Z");
const WINDOW = { startMs: ONSET - 3_600_000, endMs: ONSET + 3_600_000 };
const minutes = (m: number) => new Date(ONSET + m * 60_000).toISOString();

const node = (resourceType: string, resourceId: string, arn: string | null = null) => ({
  resourceType,
  resourceId,
  arn,
});
const API = node("apigateway:api", "orders-api");
const FN = node("lambda:function", "orders-handler", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-handler`);
const LB = node("elasticloadbalancing:loadbalancer", "app/web-lb/1");
const TG = node("elasticloadbalancing:targetgroup", "targetgroup/web-tg/2");
const SERVICE = node("ecs:service", "prod/web", `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/web`);
const edge = (from: typeof API, to: typeof API, relation: GraphEdgeRecord["relation"]): GraphEdgeRecord => ({
  account: ACCOUNT,
  region: REGION,
  from,
  to,
  relation,
});

function finding(of: typeof API, ruleId: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: "high",
    title: `${of.resourceId} is unwell`,
    resourceType: of.resourceType,
    resourceId: of.resourceId,
    arn: of.arn,
    account: ACCOUNT,
    region: REGION,
    evidence: {},
    observedAt: minutes(60),
    related: [],
    ...extra,
  };
}

const change = (m: number, resource: string, what: string, who: string | null = null): Change => ({
  at: minutes(m),
  resource,
  what,
  who,
  source: "cloudtrail",
});

function data(changes: Change[], region = REGION): TriageData {
  const d = emptyTriageData();
  d.graph.push({
    observedAt: minutes(60),
    region: REGION,
    account: ACCOUNT,
    records: [edge(API, FN, "integration"), edge(LB, TG, "target-group"), edge(TG, SERVICE, "target")],
  });
  d.changes.push({ observedAt: minutes(60), records: changes, region, account: ACCOUNT });
  return d;
}

describe("changes along the resource graph", () => {
  const deploy = change(-2, "orders-handler", "UpdateFunctionCode", "deploy-bot");
  const rollout = { ...change(-7, "prod/web", "deployed web:7 to"), source: "ecs" };
  const unrelated = change(-1, "billing-sync", "UpdateFunctionCode", "alice");

  it("an API's finding lists the change to the function behind it, worded against its own onset", () => {
    const api = finding(API, "apigw.5xx-rate", { since: minutes(0) });
    const [out] = withChanges([api], data([deploy, unrelated]), WINDOW);
    expect(out?.changes?.map((c) => c.summary)).toEqual([
      "UpdateFunctionCode orders-handler by deploy-bot, 2m before 5XX answers began",
    ]);
  });

  it("a load balancer's finding reaches the ECS service two edges down; the function's own finding its API (one up)", () => {
    const lb = finding(LB, "alb.elb-5xx-rate", { since: minutes(0) });
    const apiChange = change(-3, "orders-api", "CreateDeployment", "alice");
    const fn = finding(FN, "lambda.errors", { since: minutes(0) });
    const [lbOut, fnOut] = withChanges([lb, fn], data([rollout, deploy, apiChange]), WINDOW);
    expect(lbOut?.changes?.map((c) => c.summary)).toEqual(["deployed web:7 to prod/web, 7m before 5XX answers began"]);
    expect(fnOut?.changes?.map((c) => [c.resource, c.what])).toEqual([
      ["orders-handler", "UpdateFunctionCode"],
      ["orders-api", "CreateDeployment"],
    ]);
  });

  it("only changes from an hour before the onset to the window's end, in the finding's region, newest first", () => {
    const api = finding(API, "apigw.5xx-rate", { since: minutes(0) });
    const early = change(-61, "orders-handler", "UpdateFunctionConfiguration");
    const late = change(61, "orders-handler", "DeleteFunction");
    const kept = change(30, "orders-handler", "PublishVersion");
    const [out] = withChanges([api], data([early, deploy, late, kept]), WINDOW);
    expect(out?.changes?.map((c) => c.what)).toEqual(["PublishVersion", "UpdateFunctionCode"]);
    const [elsewhere] = withChanges([api], data([deploy], "eu-west-1"), WINDOW);
    expect(elsewhere?.changes).toEqual([]);
  });

  it("an incident's finding without an onset of its own is worded against the incident's; a hygiene finding gets none", () => {
    const tg = finding(TG, "alb.unhealthy-hosts", { since: minutes(-5), incident: "inc-1", role: "suspected-cause" });
    const alarm = finding(node("cloudwatch:alarm", "web-tg-unhealthy"), "cloudwatch.alarm-firing", {
      incident: "inc-1",
      role: "suspected-cause",
      related: [{ ...TG, relation: "watches" }],
    });
    const hygiene = finding(FN, "lambda.deprecated-runtime");
    const [, alarmOut, hygieneOut] = withChanges([tg, alarm, hygiene], data([rollout, deploy]), WINDOW);
    expect(alarmOut?.changes?.map((c) => c.summary)).toEqual([
      "deployed web:7 to prod/web, 2m before the incident began",
    ]);
    expect(hygieneOut).not.toHaveProperty("changes");
  });

  it("an incident lists its findings' changes once each, newest first, against its onset", () => {
    const lb = finding(LB, "alb.elb-5xx-rate", { since: minutes(-1), incident: "inc-1", role: "entry" });
    const tg = finding(TG, "alb.unhealthy-hosts", { since: minutes(-5), incident: "inc-1", role: "suspected-cause" });
    const findings = withChanges(
      [lb, tg],
      data([rollout, { ...rollout, at: minutes(-30), what: "deployed web:6 to" }]),
      WINDOW,
    );
    const incident = {
      id: "inc-1",
      rank: 1,
      title: "t",
      severity: "high",
      entryPoints: 1,
      suspectedCause: null,
      findings: [],
    };
    const [out] = incidentsWithChanges([incident as IncidentSummary], findings);
    expect(out?.changes?.map((c) => c.summary)).toEqual([
      "deployed web:7 to prod/web, 2m before the incident began",
      "deployed web:6 to prod/web, 25m before the incident began",
    ]);
    // Without the changes source the incidents are left as they were.
    expect(incidentsWithChanges([incident as IncidentSummary], [lb, tg])[0]).not.toHaveProperty("changes");
  });
});
