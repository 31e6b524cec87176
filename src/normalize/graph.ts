/**
 * Raw graph items (as the wrappers cache them) → edges, pure, so the graph is the same online
 * and offline. Resource ids are the ones findings use: a load balancer is `app/NAME/ID` and a
 * target group `targetgroup/NAME/ID` (their CloudWatch dimensions), an ECS service
 * `CLUSTER/SERVICE`, a queue its name; an account-level resource is `account`.
 */
import type { HttpApiIntegrations } from "../aws/apigatewayv2.js";
import type { RestApiIntegrations } from "../aws/apigateway.js";
import type { TargetGroupItem } from "../aws/elbv2.js";
import type { EcsServiceItem } from "../aws/ecs.js";
import type { EventSourceMappingItem } from "../aws/lambda.js";
import type { GraphEdgeRecord, GraphNode, GraphRelation } from "../records/index.js";
import { buildArn, functionArn, instanceArn, partitionOf } from "../rules/arn.js";

/** The resource id of every account-level resource (`lambda:account`, `dynamodb:account`). */
export const ACCOUNT_RESOURCE_ID = "account";

type Place = { account: string | null; region: string };

const edge = (place: Place, from: GraphNode, to: GraphNode, relation: GraphRelation): GraphEdgeRecord => ({
  account: place.account,
  region: place.region,
  from,
  to,
  relation,
});

/** `arn:…:function:NAME[:qualifier]` → the function. */
export function functionNode(arn: string, place: Place): GraphNode | undefined {
  const match = /:function:([^:/]+)/.exec(arn);
  if (match === null) return undefined;
  const name = match[1] as string;
  return { resourceType: "lambda:function", resourceId: name, arn: functionArn(place.region, place.account, name) };
}

/** An API Gateway integration URI → the Lambda function it invokes, or the HTTP backend. */
export function integrationTarget(uri: string | null, place: Place): GraphNode | undefined {
  if (uri === null || uri === "") return undefined;
  // REST: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations
  const fn = /functions\/(arn:[^/]+)\/invocations/.exec(uri)?.[1] ?? (uri.startsWith("arn:") ? uri : undefined);
  if (fn !== undefined) return functionNode(fn, place);
  if (/^https?:\/\//.test(uri)) return { resourceType: "http:endpoint", resourceId: uri, arn: null };
  return undefined;
}

const apiNode = (id: string, place: Place, arnId: string): GraphNode => ({
  resourceType: "apigateway:api",
  resourceId: id,
  arn: `arn:${partitionOf(place.region)}:apigateway:${place.region}::/${arnId}`,
});

function uniqueTargets(place: Place, from: GraphNode, uris: ReadonlyArray<string | null>): GraphEdgeRecord[] {
  const seen = new Set<string>();
  return uris.flatMap((uri) => {
    const to = integrationTarget(uri, place);
    if (to === undefined || seen.has(to.resourceId)) return [];
    seen.add(to.resourceId);
    return [edge(place, from, to, "integration")];
  });
}

/** A REST API is named by its name (the `ApiName` dimension). */
export const restApiEdges = (item: RestApiIntegrations, place: Place) =>
  uniqueTargets(
    place,
    apiNode(item.apiName, place, `restapis/${item.apiId}`),
    item.integrations.map((i) => i.uri),
  );

/** An HTTP API is named by its id (the `ApiId` dimension). */
export const httpApiEdges = (item: HttpApiIntegrations, place: Place) =>
  uniqueTargets(
    place,
    apiNode(item.apiId, place, `apis/${item.apiId}`),
    item.integrations.map((i) => i.uri),
  );

/** `…:loadbalancer/app/NAME/ID` → `app/NAME/ID`, the LoadBalancer dimension. */
const afterMarker = (arn: string, marker: string) => {
  const at = arn.indexOf(marker);
  return at < 0 ? arn : arn.slice(at + marker.length);
};

export const loadBalancerNode = (arn: string): GraphNode => ({
  resourceType: "elasticloadbalancing:loadbalancer",
  resourceId: afterMarker(arn, ":loadbalancer/"),
  arn,
});

export const targetGroupNode = (arn: string): GraphNode => ({
  resourceType: "elasticloadbalancing:targetgroup",
  resourceId: `targetgroup/${afterMarker(arn, ":targetgroup/")}`,
  arn,
});

/** Load balancer → target group, and target group → its instance or Lambda targets (IP targets name no resource). */
export function targetGroupEdges(item: TargetGroupItem, place: Place): GraphEdgeRecord[] {
  const group = targetGroupNode(item.arn);
  const edges = item.loadBalancerArns.map((lb) => edge(place, loadBalancerNode(lb), group, "target-group"));
  for (const target of item.targets) {
    const to =
      item.targetType === "instance"
        ? {
            resourceType: "ec2:instance",
            resourceId: target.id,
            arn: instanceArn(place.region, place.account, target.id),
          }
        : item.targetType === "lambda"
          ? functionNode(target.id, place)
          : undefined;
    if (to !== undefined) edges.push(edge(place, group, to, "target"));
  }
  return edges;
}

/** Target group → the ECS service whose tasks it routes to. */
export function ecsServiceEdges(item: EcsServiceItem, place: Place): GraphEdgeRecord[] {
  const service: GraphNode = {
    resourceType: "ecs:service",
    resourceId: `${item.clusterName}/${item.serviceName}`,
    arn: item.serviceArn,
  };
  return item.targetGroupArns.map((tg) => edge(place, targetGroupNode(tg), service, "target"));
}

/** `arn:…:sqs:R:A:NAME`, `…:table/T/stream/…`, `…:kinesis:…:stream/S` → the resource findings name. */
export function eventSourceNode(arn: string): GraphNode | undefined {
  const parts = arn.split(":");
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  if (service === "sqs") return { resourceType: "sqs:queue", resourceId: resource, arn };
  if (service === "dynamodb") {
    const table = /^table\/([^/]+)/.exec(resource)?.[1];
    if (table !== undefined)
      return {
        resourceType: "dynamodb:table",
        resourceId: table,
        arn: buildArn("dynamodb", parts[3] ?? "", parts[4] ?? null, `table/${table}`),
      };
  }
  if (service === "kinesis") return { resourceType: "kinesis:stream", resourceId: afterMarker(arn, ":stream/"), arn };
  return undefined;
}

/** Queue or stream → the function that consumes it. */
export function eventSourceEdges(item: EventSourceMappingItem, place: Place): GraphEdgeRecord[] {
  const from = item.eventSourceArn === null ? undefined : eventSourceNode(item.eventSourceArn);
  const to = item.functionArn === null ? undefined : functionNode(item.functionArn, place);
  return from === undefined || to === undefined ? [] : [edge(place, from, to, "event-source")];
}
