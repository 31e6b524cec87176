/** Each metric-catalogue rule at, just under and just over its threshold, and tuned by the config. */
import { describe, expect, it } from "vitest";
import { check, metricValue as v } from "../../helpers/records.js";
import {
  albTarget5xxRate,
  albElb5xxRate,
  albTargetResponseTime,
  albUnhealthyHosts,
  apigw4xxRate,
  apigw5xxRate,
  apigwLatencyP99,
  apigwTrafficStopped,
  dynamodbSystemErrors,
  dynamodbThrottles,
  dynamodbUserErrors,
  ec2CpuHigh,
  ecsCpuHigh,
  ecsMemoryHigh,
  sqsMessageAge,
} from "../../../src/rules/metric-health.js";
import type { MetricValueRecord } from "../../../src/records/index.js";
import type { AnyRule } from "../../../src/rules/rule.js";
import { DEFAULT_SETTINGS } from "../../../src/rules/settings.js";

const fires = (rule: AnyRule, records: MetricValueRecord[]) => check(rule, records).length === 1;
const api = "apigateway:api";
const lb = "elasticloadbalancing:loadbalancer";

describe("API Gateway rules", () => {
  const requests = (errorsName: string, errors: number, count = 1000) => [
    v(api, "orders", "Count", "Sum", count),
    v(api, "orders", errorsName, "Sum", errors),
  ];

  it("apigw.5xx-rate fires at 1 % of Count, not under it, and reads HTTP APIs' 5xx", () => {
    expect(fires(apigw5xxRate, requests("5XXError", 10))).toBe(true);
    expect(fires(apigw5xxRate, requests("5XXError", 9))).toBe(false);
    expect(fires(apigw5xxRate, requests("5xx", 10))).toBe(true);
    const [finding] = check(apigw5xxRate, requests("5XXError", 70));
    expect(finding).toMatchObject({
      severity: "high",
      resourceType: "apigateway:api",
      evidence: { metric: "5XXError", value: 0.07, threshold: 0.01, errors: 70, Count: 1000 },
    });
    expect(finding?.title).toBe("API orders: 7% of requests answered 5XX (70 of 1000)");
  });

  it("apigw.5xx-rate says nothing without requests", () => {
    expect(check(apigw5xxRate, requests("5XXError", 3, 0))).toEqual([]);
    expect(check(apigw5xxRate, [v(api, "orders", "5XXError", "Sum", 3)])).toEqual([]);
  });

  it("apigw.4xx-rate fires at 5 %, not under it; a configured threshold moves the edge", () => {
    expect(fires(apigw4xxRate, requests("4XXError", 50))).toBe(true);
    expect(fires(apigw4xxRate, requests("4XXError", 49))).toBe(false);
    const settings = { ...DEFAULT_SETTINGS, rules: { "apigw.4xx-rate": { thresholds: { errorRate: 0.1 } } } };
    expect(check(apigw4xxRate, requests("4XXError", 50), undefined, settings)).toEqual([]);
  });

  it("apigw.latency-p99 fires at 1000 ms, not under it, and is skipped when p99 was not answered", () => {
    expect(fires(apigwLatencyP99, [v(api, "orders", "Latency", "p99", 1000)])).toBe(true);
    expect(fires(apigwLatencyP99, [v(api, "orders", "Latency", "p99", 999.9)])).toBe(false);
    expect(fires(apigwLatencyP99, [v(api, "orders", "Latency", "p99", null, { answered: false })])).toBe(false);
  });

  it("apigw.traffic-stopped fires on no requests after a window with some, not on an idle or a live API", () => {
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", 0, { previous: 1 })])).toBe(true);
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", null, { previous: 50 })])).toBe(true);
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", 1, { previous: 50 })])).toBe(false);
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", 0, { previous: 0 })])).toBe(false);
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", null)])).toBe(false);
    expect(check(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", 0, { previous: 50 })])[0]?.title).toBe(
      "API orders: no requests in the window, after 50 requests in the one before",
    );
  });
});

describe("DynamoDB rules", () => {
  const table = "dynamodb:table";
  it("dynamodb.system-errors fires above 0, not at 0", () => {
    expect(fires(dynamodbSystemErrors, [v(table, "t", "SystemErrors", "Sum", 1)])).toBe(true);
    expect(fires(dynamodbSystemErrors, [v(table, "t", "SystemErrors", "Sum", 0)])).toBe(false);
  });

  it("dynamodb.throttles fires on any of its three metrics above 0 and names the worst", () => {
    for (const metric of ["ThrottledRequests", "ReadThrottleEvents", "WriteThrottleEvents"]) {
      expect(fires(dynamodbThrottles, [v(table, "t", metric, "Sum", 1)]), metric).toBe(true);
      expect(fires(dynamodbThrottles, [v(table, "t", metric, "Sum", 0)]), metric).toBe(false);
    }
    const [finding] = check(dynamodbThrottles, [
      v(table, "t", "ThrottledRequests", "Sum", 2),
      v(table, "t", "ReadThrottleEvents", "Sum", 5),
    ]);
    expect(finding?.evidence).toMatchObject({
      metric: "ReadThrottleEvents",
      ThrottledRequests: 2,
      ReadThrottleEvents: 5,
    });
  });

  it("dynamodb.user-errors fires above 10, not at 10", () => {
    expect(fires(dynamodbUserErrors, [v("dynamodb:account", "account", "UserErrors", "Sum", 11)])).toBe(true);
    expect(fires(dynamodbUserErrors, [v("dynamodb:account", "account", "UserErrors", "Sum", 10)])).toBe(false);
  });
});

describe("ECS, load balancer, SQS and EC2 rules", () => {
  it("ecs.cpu-high and ecs.memory-high fire at 80 %, not under it", () => {
    expect(fires(ecsCpuHigh, [v("ecs:service", "c/s", "CPUUtilization", "Maximum", 80)])).toBe(true);
    expect(fires(ecsCpuHigh, [v("ecs:service", "c/s", "CPUUtilization", "Maximum", 79.9)])).toBe(false);
    expect(fires(ecsMemoryHigh, [v("ecs:service", "c/s", "MemoryUtilization", "Maximum", 80)])).toBe(true);
    expect(fires(ecsMemoryHigh, [v("ecs:service", "c/s", "MemoryUtilization", "Maximum", 79.9)])).toBe(false);
  });

  it("alb.target-5xx-rate fires at 1 % of RequestCount, not under it", () => {
    const at = (errors: number) => [
      v(lb, "app/web/1", "RequestCount", "Sum", 1000),
      v(lb, "app/web/1", "HTTPCode_Target_5XX_Count", "Sum", errors),
    ];
    expect(fires(albTarget5xxRate, at(10))).toBe(true);
    expect(fires(albTarget5xxRate, at(9))).toBe(false);
  });

  it("alb.unhealthy-hosts is high with an unhealthy host, critical when no healthy host was left", () => {
    const tg = "elasticloadbalancing:targetgroup";
    const hosts = (unhealthy: number, healthyMin: number) => [
      v(tg, "targetgroup/web/1", "UnHealthyHostCount", "Maximum", unhealthy),
      v(tg, "targetgroup/web/1", "HealthyHostCount", "Minimum", healthyMin),
    ];
    expect(check(albUnhealthyHosts, hosts(1, 2))[0]?.severity).toBe("high");
    expect(check(albUnhealthyHosts, hosts(1, 0))[0]?.severity).toBe("critical");
    expect(check(albUnhealthyHosts, hosts(0, 2))).toEqual([]);
  });

  it("alb.target-response-time fires on a p99 of 500 ms (CloudWatch reports seconds), not under it", () => {
    const requests = (n: number) => v(lb, "app/web/1", "RequestCount", "Sum", n);
    expect(fires(albTargetResponseTime, [requests(100), v(lb, "app/web/1", "TargetResponseTime", "p99", 0.5)])).toBe(
      true,
    );
    expect(fires(albTargetResponseTime, [requests(100), v(lb, "app/web/1", "TargetResponseTime", "p99", 0.499)])).toBe(
      false,
    );
  });

  it("alb.target-response-time falls back to the average, never judges a lone Maximum, nor under minRequests", () => {
    const requests = (n: number) => v(lb, "app/web/1", "RequestCount", "Sum", n);
    const average = v(lb, "app/web/1", "TargetResponseTime", "Average", 0.6);
    expect(check(albTargetResponseTime, [requests(500), average])[0]?.evidence).toMatchObject({
      stat: "Average",
      value: 600,
      RequestCount: 500,
    });
    // One 0.9 s request on an idle load balancer: no finding.
    expect(fires(albTargetResponseTime, [requests(1), v(lb, "app/web/1", "TargetResponseTime", "p99", 0.9)])).toBe(
      false,
    );
    expect(
      fires(albTargetResponseTime, [requests(500), v(lb, "app/web/1", "TargetResponseTime", "Maximum", 0.9)]),
    ).toBe(false);
  });

  it("alb.elb-5xx-rate is high at 1% of requests answered 5XX by the load balancer itself", () => {
    const records = (errors: number) => [
      v(lb, "app/web/1", "RequestCount", "Sum", 6000),
      v(lb, "app/web/1", "HTTPCode_ELB_5XX_Count", "Sum", errors),
    ];
    expect(check(albElb5xxRate, records(600))[0]).toMatchObject({
      severity: "high",
      evidence: { stat: "rate", value: 0.1, errors: 600, RequestCount: 6000 },
    });
    expect(fires(albElb5xxRate, records(59))).toBe(false);
  });

  it("sqs.message-age fires at 15 minutes (CloudWatch reports seconds), not under it; a duration tunes it", () => {
    const age = (s: number) => [v("sqs:queue", "jobs", "ApproximateAgeOfOldestMessage", "Maximum", s)];
    expect(fires(sqsMessageAge, age(900))).toBe(true);
    expect(fires(sqsMessageAge, age(899))).toBe(false);
    const settings = { ...DEFAULT_SETTINGS, rules: { "sqs.message-age": { thresholds: { age: 3_600_000 } } } };
    expect(check(sqsMessageAge, age(900), undefined, settings)).toEqual([]);
  });

  it("ec2.cpu-high fires on an average of 90 %, not under it", () => {
    expect(fires(ec2CpuHigh, [v("ec2:instance", "i-1", "CPUUtilization", "Average", 90)])).toBe(true);
    expect(fires(ec2CpuHigh, [v("ec2:instance", "i-1", "CPUUtilization", "Average", 89.9)])).toBe(false);
  });
});

describe("metric rules over partial answers", () => {
  const partial = { partial: true, partialReason: "Count Sum: PartialData" };

  it("no rate over a partial Count: apigw.5xx-rate says nothing rather than 100 %", () => {
    const records = [v(api, "orders", "Count", "Sum", 10, partial), v(api, "orders", "5XXError", "Sum", 10)];
    expect(check(apigw5xxRate, records)).toEqual([]);
  });

  it("a partial Count of 0 is not 'traffic stopped'", () => {
    expect(fires(apigwTrafficStopped, [v(api, "orders", "Count", "Sum", 0, { previous: 50, ...partial })])).toBe(false);
  });

  it("a level from a partial answer is marked in the evidence and never above medium", () => {
    const [finding] = check(dynamodbSystemErrors, [
      v("dynamodb:table", "orders", "SystemErrors", "Sum", 4, {
        partial: true,
        partialReason: "SystemErrors Sum: PartialData",
      }),
    ]);
    expect(finding).toMatchObject({
      severity: "medium",
      evidence: { value: 4, partial: true, partialReason: "SystemErrors Sum: PartialData" },
    });
    const [complete] = check(dynamodbSystemErrors, [v("dynamodb:table", "orders", "SystemErrors", "Sum", 4)]);
    expect(complete?.severity).toBe("high");
    expect(complete?.evidence).not.toHaveProperty("partial");
  });
});
