/**
 * What `triage` asks CloudWatch about the resources it does not list itself: per namespace,
 * the kinds of resource a metric's dimensions name, and the metrics and statistics the
 * health rules (rules/metric-health.ts) judge. Only metrics ListMetrics reports are asked
 * for, so a table with no throttles recorded costs nothing for ThrottledRequests.
 */
import { buildArn, instanceArn, partitionOf } from "../rules/arn.js";
import { ACCOUNT_RESOURCE_ID } from "../normalize/graph.js";

/** The `triage --sources` names the metric catalogue adds. */
export const HEALTH_SOURCES = ["apigw", "dynamodb", "ecs", "alb", "sqs", "ec2"] as const;
export type HealthSource = (typeof HEALTH_SOURCES)[number];

export interface ResourceKind {
  source: HealthSource;
  namespace: string;
  resourceType: string;
  /** The dimensions that name the resource; its resourceId is their values joined by `/`. */
  idDimensions: readonly string[];
  /** Which of them make the resourceId, when not all (a target group is named by itself alone). */
  nameDimensions?: readonly string[];
  /** Dimensions a metric may carry besides those (DynamoDB's Operation); the values are combined per resource. */
  extraDimensions?: readonly (readonly string[])[];
  metrics: Readonly<Record<string, readonly string[]>>;
  /** The resource's ARN where the dimensions give enough to build one. */
  arn(values: readonly string[], region: string, account: string | null): string | null;
}

const apiMetrics = (errors5: string, errors4: string) => ({
  Count: ["Sum"],
  [errors5]: ["Sum"],
  [errors4]: ["Sum"],
  Latency: ["p99"],
});

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  {
    source: "apigw",
    namespace: "AWS/ApiGateway",
    resourceType: "apigateway:api",
    idDimensions: ["ApiName"],
    metrics: apiMetrics("5XXError", "4XXError"),
    // A REST API's ARN needs its id, which the ApiName dimension does not give.
    arn: () => null,
  },
  {
    source: "apigw",
    namespace: "AWS/ApiGateway",
    resourceType: "apigateway:api",
    idDimensions: ["ApiId"],
    metrics: apiMetrics("5xx", "4xx"),
    // API Gateway ARNs name no account.
    arn: ([id], region) => `arn:${partitionOf(region)}:apigateway:${region}::/apis/${id}`,
  },
  {
    source: "dynamodb",
    namespace: "AWS/DynamoDB",
    resourceType: "dynamodb:table",
    idDimensions: ["TableName"],
    extraDimensions: [["Operation"]],
    metrics: {
      SystemErrors: ["Sum"],
      ThrottledRequests: ["Sum"],
      ReadThrottleEvents: ["Sum"],
      WriteThrottleEvents: ["Sum"],
    },
    arn: ([table], region, account) => buildArn("dynamodb", region, account, `table/${table}`),
  },
  {
    // UserErrors is published per account and region, with no dimension.
    source: "dynamodb",
    namespace: "AWS/DynamoDB",
    resourceType: "dynamodb:account",
    idDimensions: [],
    metrics: { UserErrors: ["Sum"] },
    arn: () => null,
  },
  {
    source: "ecs",
    namespace: "AWS/ECS",
    resourceType: "ecs:service",
    idDimensions: ["ClusterName", "ServiceName"],
    metrics: { CPUUtilization: ["Maximum"], MemoryUtilization: ["Maximum"] },
    arn: ([cluster, service], region, account) => buildArn("ecs", region, account, `service/${cluster}/${service}`),
  },
  {
    source: "alb",
    namespace: "AWS/ApplicationELB",
    resourceType: "elasticloadbalancing:loadbalancer",
    idDimensions: ["LoadBalancer"],
    metrics: {
      RequestCount: ["Sum"],
      HTTPCode_Target_5XX_Count: ["Sum"],
      HTTPCode_ELB_5XX_Count: ["Sum"],
      TargetResponseTime: ["p99", "Average"],
    },
    arn: ([lb], region, account) => buildArn("elasticloadbalancing", region, account, `loadbalancer/${lb}`),
  },
  {
    source: "alb",
    namespace: "AWS/ApplicationELB",
    resourceType: "elasticloadbalancing:targetgroup",
    idDimensions: ["TargetGroup", "LoadBalancer"],
    nameDimensions: ["TargetGroup"],
    metrics: { UnHealthyHostCount: ["Maximum"], HealthyHostCount: ["Minimum"] },
    // The TargetGroup dimension is `targetgroup/<name>/<id>`, the ARN's resource part.
    arn: ([tg], region, account) => buildArn("elasticloadbalancing", region, account, tg ?? ""),
  },
  {
    source: "sqs",
    namespace: "AWS/SQS",
    resourceType: "sqs:queue",
    idDimensions: ["QueueName"],
    metrics: { ApproximateAgeOfOldestMessage: ["Maximum"] },
    arn: ([queue], region, account) => buildArn("sqs", region, account, queue ?? ""),
  },
  {
    source: "ec2",
    namespace: "AWS/EC2",
    resourceType: "ec2:instance",
    idDimensions: ["InstanceId"],
    metrics: { CPUUtilization: ["Average"] },
    arn: ([id], region, account) => instanceArn(region, account, id ?? ""),
  },
];

/** The namespaces of the sources asked for, each once, in catalogue order. */
export function namespacesOf(sources: ReadonlySet<HealthSource>): string[] {
  return [...new Set(RESOURCE_KINDS.filter((k) => sources.has(k.source)).map((k) => k.namespace))];
}

const sameNames = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);

/** The kind a metric with these dimension names belongs to, if the catalogue asks for it. */
export function kindOf(
  namespace: string,
  metricName: string,
  dimensionNames: readonly string[],
): ResourceKind | undefined {
  return RESOURCE_KINDS.find(
    (kind) =>
      kind.namespace === namespace &&
      kind.metrics[metricName] !== undefined &&
      [[], ...(kind.extraDimensions ?? [])].some((extra) =>
        sameNames(dimensionNames, [...kind.idDimensions, ...extra]),
      ),
  );
}

/** The resource a metric's dimensions name: `/`-joined id values, `account` for account-level metrics. */
export function resourceIdOf(kind: ResourceKind, dimensions: Readonly<Record<string, string>>): string {
  const names = kind.nameDimensions ?? kind.idDimensions;
  return names.length === 0 ? ACCOUNT_RESOURCE_ID : names.map((d) => dimensions[d] ?? "").join("/");
}
