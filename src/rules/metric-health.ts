/**
 * The seeds' alarm catalogue as virtual alarms over CloudWatch metrics: API Gateway,
 * DynamoDB, ECS, load balancers, SQS and EC2 (see metric-rule.ts). Defaults are the seeds'.
 */
import { defineMetricRule, levelOf, rateOf, type MetricRule } from "./metric-rule.js";
import { percent } from "../output/percent.js";
import { plural } from "./rule.js";

const fraction = (value: number, description: string) => ({ unit: "fraction" as const, default: value, description });
const number = (value: number, description: string) => ({ unit: "number" as const, default: value, description });
const t = (thresholds: Readonly<Record<string, number>>, name: string) => thresholds[name] as number;

export const apigw5xxRate = defineMetricRule({
  id: "apigw.5xx-rate",
  summary: "5XXError is at least errorRate of Count in the window",
  resourceType: "apigateway:api",
  triageSource: "apigw",
  thresholds: { errorRate: fraction(0.01, "share of requests answered 5XX") },
  measure: (m, th) => rateOf(m, ["5XXError", "5xx"], "Count", t(th, "errorRate")),
  severity: "high",
  title: (m, r) =>
    `API ${r.resourceId}: ${percent(m.value)} of requests answered 5XX (${m.evidence.errors} of ${m.evidence.Count})`,
});

export const apigw4xxRate = defineMetricRule({
  id: "apigw.4xx-rate",
  summary: "4XXError is at least errorRate of Count in the window",
  resourceType: "apigateway:api",
  triageSource: "apigw",
  thresholds: { errorRate: fraction(0.05, "share of requests answered 4XX") },
  measure: (m, th) => rateOf(m, ["4XXError", "4xx"], "Count", t(th, "errorRate")),
  severity: "medium",
  title: (m, r) =>
    `API ${r.resourceId}: ${percent(m.value)} of requests answered 4XX (${m.evidence.errors} of ${m.evidence.Count})`,
});

export const apigwLatencyP99 = defineMetricRule({
  id: "apigw.latency-p99",
  summary: "p99 Latency is at least latencyMs in the window",
  resourceType: "apigateway:api",
  triageSource: "apigw",
  thresholds: { latencyMs: number(1000, "p99 latency in milliseconds") },
  measure: (m, th) => levelOf(m, "Latency", "p99", t(th, "latencyMs"), ">="),
  severity: "medium",
  title: (m, r) => `API ${r.resourceId}: p99 latency ${Math.round(m.value)} ms (threshold ${m.threshold} ms)`,
});

export const apigwTrafficStopped = defineMetricRule({
  id: "apigw.traffic-stopped",
  summary: "Count is 0 in the window after the window of the same length before it had requests",
  resourceType: "apigateway:api",
  triageSource: "apigw",
  measure: (m) => {
    const count = m.value("Count", "Sum");
    // A partial count of 0 is not "no requests": more may exist than were returned.
    if (count === undefined || !count.answered || count.partial) return undefined;
    const before = count.previous ?? 0;
    const now = count.value ?? 0;
    return {
      metric: "Count",
      stat: "Sum",
      value: now,
      threshold: 0,
      breached: now === 0 && before > 0,
      evidence: { previousWindow: before },
    };
  },
  severity: "high",
  title: (m, r) =>
    `API ${r.resourceId}: no requests in the window, after ${plural(Number(m.evidence.previousWindow), "request")} in the one before`,
});

export const dynamodbSystemErrors = defineMetricRule({
  id: "dynamodb.system-errors",
  summary: "SystemErrors is more than count in the window",
  resourceType: "dynamodb:table",
  triageSource: "dynamodb",
  thresholds: { count: number(0, "system errors tolerated") },
  measure: (m, th) => levelOf(m, "SystemErrors", "Sum", t(th, "count"), ">"),
  severity: "high",
  title: (m, r) => `Table ${r.resourceId}: ${plural(m.value, "system error")}`,
});

export const dynamodbThrottles = defineMetricRule({
  id: "dynamodb.throttles",
  summary: "ThrottledRequests, ReadThrottleEvents or WriteThrottleEvents is more than count in the window",
  resourceType: "dynamodb:table",
  triageSource: "dynamodb",
  thresholds: { count: number(0, "throttled requests or events tolerated, per metric") },
  measure: (m, th) => {
    const levels = ["ThrottledRequests", "ReadThrottleEvents", "WriteThrottleEvents"].flatMap((metric) => {
      const level = levelOf(m, metric, "Sum", t(th, "count"), ">");
      return level === undefined ? [] : [level];
    });
    if (levels.length === 0) return undefined;
    const worst = levels.reduce((a, b) => (b.value > a.value ? b : a));
    return { ...worst, evidence: Object.fromEntries(levels.map((l) => [l.metric, l.value])) };
  },
  severity: "medium",
  title: (m, r) => `Table ${r.resourceId}: ${m.value} ${m.metric} in the window`,
});

export const dynamodbUserErrors = defineMetricRule({
  id: "dynamodb.user-errors",
  summary: "UserErrors (per account and region) is more than count in the window",
  resourceType: "dynamodb:account",
  triageSource: "dynamodb",
  thresholds: { count: number(10, "user errors tolerated") },
  measure: (m, th) => levelOf(m, "UserErrors", "Sum", t(th, "count"), ">"),
  severity: "low",
  title: (m, r) => `DynamoDB in ${r.region}: ${plural(m.value, "user error")} (threshold ${m.threshold})`,
});

const utilization = (id: string, metric: string, what: string) =>
  defineMetricRule({
    id,
    summary: `max ${metric} of the service is at least percent in the window`,
    resourceType: "ecs:service",
    triageSource: "ecs",
    thresholds: { percent: number(80, `${what} utilization in percent`) },
    measure: (m, th) => levelOf(m, metric, "Maximum", t(th, "percent"), ">="),
    severity: "medium",
    title: (m, r) => `Service ${r.resourceId}: ${what} at ${Math.round(m.value)}% (threshold ${m.threshold}%)`,
  });
export const ecsCpuHigh = utilization("ecs.cpu-high", "CPUUtilization", "CPU");
export const ecsMemoryHigh = utilization("ecs.memory-high", "MemoryUtilization", "memory");

/** A load balancer's 5XX share: answered by its targets, or by the load balancer itself. */
const albRate = (id: string, metric: string, who: string, said: (share: string) => string) =>
  defineMetricRule({
    id,
    summary: `${metric}${who === "targets" ? "" : " (answered by the load balancer itself)"} is at least errorRate of RequestCount in the window`,
    resourceType: "elasticloadbalancing:loadbalancer",
    triageSource: "alb",
    thresholds: { errorRate: fraction(0.01, `share of requests the ${who} answered 5XX`) },
    measure: (m, th) => rateOf(m, metric, "RequestCount", t(th, "errorRate")),
    severity: "high",
    title: (m, r) =>
      `Load balancer ${r.resourceId}: ${said(percent(m.value))} (${m.evidence.errors} of ${m.evidence.RequestCount})`,
  });

export const albTarget5xxRate = albRate(
  "alb.target-5xx-rate",
  "HTTPCode_Target_5XX_Count",
  "targets",
  (share) => `targets answered ${share} of requests 5XX`,
);
export const albElb5xxRate = albRate(
  "alb.elb-5xx-rate",
  "HTTPCode_ELB_5XX_Count",
  "load balancer",
  (share) => `answered ${share} of requests 5XX itself`,
);

export const albUnhealthyHosts = defineMetricRule({
  id: "alb.unhealthy-hosts",
  summary: "UnHealthyHostCount of a target group is more than 0 in the window",
  resourceType: "elasticloadbalancing:targetgroup",
  triageSource: "alb",
  measure: (m) => {
    const level = levelOf(m, "UnHealthyHostCount", "Maximum", 0, ">");
    if (level === undefined) return undefined;
    const healthy = m.value("HealthyHostCount", "Minimum");
    const healthyLevel = levelOf(m, "HealthyHostCount", "Minimum", 0, ">");
    return {
      ...level,
      // The load balancer it serves, from the TargetGroup+LoadBalancer dimensions.
      evidence: {
        healthyHostsMin: healthy?.answered ? healthy.value : null,
        loadBalancer: m.dimensions.LoadBalancer ?? null,
      },
      // 0 healthy hosts is what makes it critical: shown as a row of its own (breached at 0).
      ...(healthyLevel === undefined ? {} : { also: [{ ...healthyLevel, breached: healthyLevel.value <= 0 }] }),
    };
  },
  severity: {
    describe: "critical when HealthyHostCount reached 0, else high",
    default: "high",
    of: (e) => (e.evidence.healthyHostsMin === 0 ? "critical" : "high"),
  },
  title: (m, r) =>
    `Target group ${r.resourceId}${m.evidence.loadBalancer ? ` (load balancer ${m.evidence.loadBalancer})` : ""}: up to ${plural(m.value, "unhealthy host")}${m.evidence.healthyHostsMin === 0 ? ", and no healthy host left" : ""}`,
});

/** p99 (else the average), never a lone Maximum: one slow request on an idle load balancer is no finding. */
export const albTargetResponseTime = defineMetricRule({
  id: "alb.target-response-time",
  summary: "p99 TargetResponseTime (else the average) is at least responseTimeMs, over at least minRequests requests",
  resourceType: "elasticloadbalancing:loadbalancer",
  triageSource: "alb",
  thresholds: {
    responseTimeMs: number(500, "target response time in milliseconds"),
    minRequests: number(100, "requests in the window below which response time is not judged"),
  },
  measure: (m, th) => {
    // CloudWatch reports TargetResponseTime in seconds.
    const level =
      levelOf(m, "TargetResponseTime", "p99", t(th, "responseTimeMs"), ">=", 1000) ??
      levelOf(m, "TargetResponseTime", "Average", t(th, "responseTimeMs"), ">=", 1000);
    const requests = m.value("RequestCount", "Sum")?.value ?? 0;
    if (level === undefined || requests < t(th, "minRequests")) return undefined;
    return { ...level, evidence: { RequestCount: requests } };
  },
  severity: "medium",
  title: (m, r) =>
    `Load balancer ${r.resourceId}: ${m.stat} target response time ${Math.round(m.value)} ms over ${m.evidence.RequestCount} requests (threshold ${m.threshold} ms)`,
});

export const sqsMessageAge = defineMetricRule({
  id: "sqs.message-age",
  summary: "ApproximateAgeOfOldestMessage reaches age in the window",
  resourceType: "sqs:queue",
  triageSource: "sqs",
  thresholds: { age: { unit: "duration", default: 15 * 60_000, description: "age of the oldest message" } },
  // CloudWatch reports the age in seconds; the threshold is held in milliseconds.
  measure: (m, th) => levelOf(m, "ApproximateAgeOfOldestMessage", "Maximum", t(th, "age"), ">=", 1000),
  severity: "medium",
  title: (m, r) =>
    `Queue ${r.resourceId}: oldest message ${Math.round(m.value / 60_000)} min old (threshold ${Math.round(m.threshold / 60_000)} min)`,
});

export const ec2CpuHigh = defineMetricRule({
  id: "ec2.cpu-high",
  summary: "average CPUUtilization over the window is at least percent (sustained, not a spike)",
  resourceType: "ec2:instance",
  triageSource: "ec2",
  thresholds: { percent: number(90, "average CPU utilization in percent") },
  measure: (m, th) => levelOf(m, "CPUUtilization", "Average", t(th, "percent"), ">="),
  severity: "low",
  title: (m, r) =>
    `Instance ${r.resourceId}: average CPU ${Math.round(m.value)}% over the window (threshold ${m.threshold}%)`,
});

export const METRIC_RULES: readonly MetricRule[] = [
  apigw5xxRate,
  apigw4xxRate,
  apigwLatencyP99,
  apigwTrafficStopped,
  dynamodbSystemErrors,
  dynamodbThrottles,
  dynamodbUserErrors,
  ecsCpuHigh,
  ecsMemoryHigh,
  albTarget5xxRate,
  albElb5xxRate,
  albUnhealthyHosts,
  albTargetResponseTime,
  sqsMessageAge,
  ec2CpuHigh,
];
