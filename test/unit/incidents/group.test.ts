import { describe, expect, it } from "vitest";
import { runRules } from "../../../src/rules/engine.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";
import { attachIncidents } from "../../../src/incidents/attach.js";
import { renderIncidentsTable } from "../../../src/output/incidents-table.js";
import type { Finding } from "../../../src/records/index.js";
import {
  ACCOUNT,
  REGION,
  alarm,
  lambdaFunction,
  lambdaMetrics,
  logGroup,
  metricValue as v,
} from "../../helpers/records.js";

const AT = "2026-03-10T08:00:00.000Z";
const LB = "app/web-lb/1";
const TG = "targetgroup/web-tg/2";
const place = { account: ACCOUNT, region: REGION };

/** The outage of issue 22, small: API → function → account concurrency; LB → TG; a lone failing function; hygiene. */
function outage(): TriageData {
  const data = emptyTriageData();
  const batch = <T>(records: T[]) => [{ observedAt: AT, records, region: REGION, account: ACCOUNT }];
  data.metricValues = batch([
    v("apigateway:api", "orders-api", "Count", "Sum", 3000),
    v("apigateway:api", "orders-api", "5XXError", "Sum", 240),
    v("apigateway:api", "healthy-api", "Count", "Sum", 3000),
    v("elasticloadbalancing:loadbalancer", LB, "RequestCount", "Sum", 6000),
    v("elasticloadbalancing:loadbalancer", LB, "HTTPCode_ELB_5XX_Count", "Sum", 600),
    v("elasticloadbalancing:targetgroup", TG, "UnHealthyHostCount", "Maximum", 2, {
      dimensions: { TargetGroup: TG, LoadBalancer: LB },
    }),
    v("elasticloadbalancing:targetgroup", TG, "HealthyHostCount", "Minimum", 0, {
      dimensions: { TargetGroup: TG, LoadBalancer: LB },
    }),
  ]);
  data.functions = batch(
    ["orders-handler", "lonely", "twin"].map((functionName) =>
      lambdaFunction({ functionName, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}` }),
    ),
  );
  data.metrics = batch([
    lambdaMetrics({ functionName: "orders-handler", invocations: 2000, throttles: 250, errors: 0, errorRate: 0 }),
    lambdaMetrics({ functionName: "lonely", invocations: 100, errors: 5, errorRate: 0.05, throttles: 0 }),
    lambdaMetrics({ functionName: "twin", invocations: 100, errors: 0, errorRate: 0, throttles: 0 }),
  ]);
  data.accountConcurrency = batch([
    {
      account: ACCOUNT,
      region: REGION,
      concurrentExecutionsLimit: 1000,
      unreservedConcurrentExecutions: 1000,
      peakConcurrentExecutions: 980,
    },
  ]);
  const fn = (name: string) => ({ resourceType: "lambda:function", resourceId: name, arn: null });
  data.graph = batch([
    {
      ...place,
      from: { resourceType: "apigateway:api", resourceId: "orders-api", arn: null },
      to: fn("orders-handler"),
      relation: "integration" as const,
    },
    {
      ...place,
      from: { resourceType: "apigateway:api", resourceId: "healthy-api", arn: null },
      to: fn("twin"),
      relation: "integration" as const,
    },
  ]);
  data.alarms = batch([
    alarm({ alarmName: "orders-5xx", stateValue: "ALARM", dimensions: { ApiName: "orders-api", Stage: "prod" } }),
    alarm({
      alarmName: "concurrency",
      stateValue: "ALARM",
      namespace: "AWS/Lambda",
      metricName: "ConcurrentExecutions",
      dimensions: {},
    }),
  ]);
  data.logGroups = batch([logGroup({ logGroupName: "/aws/lambda/twin", retentionInDays: null })]);
  return data;
}

const judged = () => {
  const data = outage();
  return attachIncidents(runRules(data, undefined, "2026-03-10").findings, data);
};
const byRule = (findings: Finding[], ruleId: string, resourceId?: string) =>
  findings.find((f) => f.ruleId === ruleId && (resourceId === undefined || f.resourceId === resourceId)) as Finding;

describe("incidents", () => {
  it("puts the API's 5XX, the function's throttles and the account concurrency in one incident, the limit the suspected cause", () => {
    const { findings } = judged();
    const api = byRule(findings, "apigw.5xx-rate");
    const throttles = byRule(findings, "lambda.throttles");
    const limit = byRule(findings, "lambda.concurrency-near-limit");
    expect(api.incident).toMatch(/^inc-[0-9a-f]{12}$/);
    expect([throttles.incident, limit.incident]).toEqual([api.incident, api.incident]);
    expect([api.role, throttles.role, limit.role]).toEqual(["entry", "affected", "suspected-cause"]);
  });

  it("folds each alarm in ALARM into the resource it watches: {ApiName, Stage} → the API, dimensionless → the account", () => {
    const { findings } = judged();
    const api = byRule(findings, "apigw.5xx-rate");
    expect(byRule(findings, "cloudwatch.alarm-firing", "orders-5xx")).toMatchObject({
      incident: api.incident,
      role: "entry",
    });
    expect(byRule(findings, "cloudwatch.alarm-firing", "concurrency")).toMatchObject({
      incident: api.incident,
      role: "suspected-cause",
    });
  });

  it("keeps an unrelated failing function out (the limit explains throttles, not errors), and hygiene in no incident", () => {
    const { findings } = judged();
    const lonely = byRule(findings, "lambda.errors", "lonely");
    expect(lonely.incident).not.toBe(byRule(findings, "apigw.5xx-rate").incident);
    expect(lonely.role).toBe("suspected-cause");
    expect(byRule(findings, "logs.no-retention")).toMatchObject({ incident: null, role: null });
    expect(byRule(findings, "lambda.unmonitored", "orders-handler")).toMatchObject({ incident: null, role: null });
    expect(findings.some((f) => f.resourceId === "twin" || f.resourceId === "healthy-api")).toBe(false);
  });

  it("ranks by worst severity, then entry points; titles run from entry to cause; ids are stable", () => {
    const { incidents, findings } = judged();
    expect(incidents.map((i) => [i.rank, i.severity, i.entryPoints, i.title])).toEqual([
      [1, "critical", 1, "web-lb 5XX 10% ← web-tg no healthy host"],
      [2, "high", 1, "orders-api 5XX 8% ← orders-handler throttled 11% ← account concurrency 980/1000"],
      // As severe as #2, but no entry point reaches it.
      [3, "high", 0, "lonely errors 5%"],
    ]);
    expect(incidents[1]?.suspectedCause).toEqual({
      resourceType: "lambda:account",
      resourceId: "account",
      account: ACCOUNT,
      region: REGION,
    });
    expect(incidents[1]?.findings.map((f) => f.role)).toEqual([
      "entry",
      "entry",
      "affected",
      "suspected-cause",
      "suspected-cause",
    ]);
    expect(judged().findings.map((f) => f.incident)).toEqual(findings.map((f) => f.incident));
  });

  it("names the target group's load balancer in its evidence, title and related", () => {
    const tg = byRule(judged().findings, "alb.unhealthy-hosts");
    expect(tg.evidence.loadBalancer).toBe(LB);
    expect(tg.title).toContain(`(load balancer ${LB})`);
    expect(tg.related).toContainEqual(expect.objectContaining({ resourceId: LB, relation: "load-balancer" }));
    expect(tg.role).toBe("suspected-cause");
  });

  it("prints each incident's title, then its findings indented (alarms as signals), then the hygiene section", () => {
    const lines = renderIncidentsTable(judged().findings, {
      width: undefined,
      wide: true,
      color: false,
      singleRegion: true,
    }).split("\n");
    const second = lines.indexOf(
      "HIGH #2 orders-api 5XX 8% ← orders-handler throttled 11% ← account concurrency 980/1000",
    );
    expect(lines[0]).toBe("CRITICAL #1 web-lb 5XX 10% ← web-tg no healthy host");
    expect(second).toBeGreaterThan(0);
    expect(
      lines.slice(second + 1, second + 6).map((l) =>
        l
          .trim()
          .split(/\s{2,}/)
          .slice(0, 2)
          .join(" "),
      ),
    ).toEqual([
      "entry apigw.5xx-rate",
      "↳ signal cloudwatch.alarm-firing",
      "affected lambda.throttles",
      "suspected-cause lambda.concurrency-near-limit",
      "↳ signal cloudwatch.alarm-firing",
    ]);
    const hygiene = lines.findIndex((l) => l.startsWith("HYGIENE ("));
    expect(hygiene).toBeGreaterThan(second);
    expect(lines.slice(hygiene + 1).some((l) => l.includes("logs.no-retention"))).toBe(true);
    expect(lines.at(-2)).toMatch(/^3 incidents; \d+ findings: 1 critical/);
  });
});
