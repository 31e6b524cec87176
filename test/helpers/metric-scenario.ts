/**
 * The metric catalogue's scenario (issue 13), put into AWS/* namespaces with put-metric-data:
 * an API answering 7 of 100 requests 5XX, a throttled DynamoDB table, an ECS service at 95 %
 * CPU, a target group with an unhealthy host; and a healthy API and table that raise nothing.
 */
import { putMetricData, type Datapoint } from "./seed-services.js";

export const METRIC_REGION = "us-east-1";

/** `total` spread over ten datapoints in the last hour (remainder on the first). */
export function spread(metricName: string, dimensions: Record<string, string>, total: number): Datapoint[] {
  return Array.from({ length: 10 }, (_, i) => ({
    metricName,
    dimensions,
    value: Math.floor(total / 10) + (i === 0 ? total % 10 : 0),
    minutesAgo: 5 + i * 5,
  }));
}
export const one = (metricName: string, dimensions: Record<string, string>, value: number): Datapoint[] => [
  { metricName, dimensions, value, minutesAgo: 10 },
];

export async function seedMetricScenario(endpoint: string, r = METRIC_REGION): Promise<void> {
  const orders = { ApiName: "orders" };
  const catalog = { ApiName: "catalog" };
  await putMetricData(endpoint, r, "AWS/ApiGateway", [
    ...spread("Count", orders, 100),
    ...one("5XXError", orders, 7),
    ...one("Latency", orders, 120),
    ...spread("Count", catalog, 100),
    ...one("5XXError", catalog, 0),
    ...one("4XXError", catalog, 1),
  ]);
  await putMetricData(endpoint, r, "AWS/DynamoDB", [
    ...one("ThrottledRequests", { TableName: "sessions", Operation: "PutItem" }, 5),
    ...one("ThrottledRequests", { TableName: "sessions", Operation: "GetItem" }, 2),
    ...one("ReadThrottleEvents", { TableName: "sessions" }, 3),
    ...one("SystemErrors", { TableName: "users", Operation: "GetItem" }, 0),
    ...one("ThrottledRequests", { TableName: "users", Operation: "GetItem" }, 0),
  ]);
  await putMetricData(endpoint, r, "AWS/ECS", [
    ...one("CPUUtilization", { ClusterName: "prod", ServiceName: "api" }, 95),
    ...one("MemoryUtilization", { ClusterName: "prod", ServiceName: "api" }, 40),
  ]);
  const lb = { LoadBalancer: "app/web/50dc6c495c0c9188" };
  const tg = { TargetGroup: "targetgroup/web/73e2d6bc24d8a067", ...lb };
  await putMetricData(endpoint, r, "AWS/ApplicationELB", [
    ...one("UnHealthyHostCount", tg, 1),
    ...one("HealthyHostCount", tg, 2),
    ...spread("RequestCount", lb, 200),
    ...one("HTTPCode_Target_5XX_Count", lb, 1),
    ...one("TargetResponseTime", lb, 0.2),
  ]);
}

/** What triage must report for the scenario, in its order: `severity ruleId resourceId`. */
export const METRIC_FINDINGS = [
  "high alb.unhealthy-hosts targetgroup/web/73e2d6bc24d8a067",
  "high apigw.5xx-rate orders",
  "medium dynamodb.throttles sessions",
  "medium ecs.cpu-high prod/api",
];
