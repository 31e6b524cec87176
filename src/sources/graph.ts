/**
 * The resource graph's sources (triage): each edge family is one `triage --sources` name and
 * one or two cached resources per region (cache script `graph`, declared in registry.ts), fetched with its service's wrapper (loaded only on a miss), and
 * turned into edges by normalize/graph.ts as the cache is read — so `--offline` gives the same
 * graph. Calls per region on a miss (pages of 500 / 400 / 100 items):
 * - `apigw-integrations`: GetRestApis + GetResources per REST API; GetApis + GetIntegrations per HTTP API
 * - `alb-targets`: DescribeTargetGroups + DescribeTargetHealth per target group
 * - `ecs-services`: ListClusters + ListServices per cluster + DescribeServices per 10 services
 * - `event-sources`: ListEventSourceMappings
 */
import type { Invocation } from "../run/invocation.js";
import { oncePerRun } from "../run/once.js";
import type { FetchSpec, RegionResult } from "../run/fetch-spec.js";
import type { Batch } from "../rules/types.js";
import type { GraphEdgeRecord } from "../records/index.js";
import type { RestApiIntegrations } from "../aws/apigateway.js";
import type { HttpApiIntegrations } from "../aws/apigatewayv2.js";
import type { TargetGroupItem } from "../aws/elbv2.js";
import type { EcsServiceItem } from "../aws/ecs.js";
import type { EventSourceMappingItem } from "../aws/lambda.js";
import { ecsServiceEdges, eventSourceEdges, httpApiEdges, restApiEdges, targetGroupEdges } from "../normalize/graph.js";

export const restApisSpec: FetchSpec<RestApiIntegrations> = {
  script: "graph",
  resource: "apigateway-rest",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/apigateway.js")).restApiIntegrations(provider, region, onPage),
};

export const httpApisSpec: FetchSpec<HttpApiIntegrations> = {
  script: "graph",
  resource: "apigateway-http",
  fetch: async (provider, region) => (await import("../aws/apigatewayv2.js")).httpApiIntegrations(provider, region),
};

export const targetGroupsSpec: FetchSpec<TargetGroupItem> = {
  script: "graph",
  resource: "elbv2-target-groups",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/elbv2.js")).describeTargetGroups(provider, region, onPage),
};

export const ecsServicesSpec: FetchSpec<EcsServiceItem> = {
  script: "graph",
  resource: "ecs-services",
  fetch: async (provider, region) => (await import("../aws/ecs.js")).describeAllServices(provider, region),
};

export const eventSourceMappingsSpec: FetchSpec<EventSourceMappingItem> = {
  script: "graph",
  resource: "lambda-event-source-mappings",
  fetch: async (provider, region, onPage) =>
    (await import("../aws/lambda.js")).listEventSourceMappings(provider, region, onPage),
};

type Place = { account: string | null; region: string };

/** One batch of edges per region of one spec. */
async function edgeBatches<T>(
  run: Invocation,
  spec: FetchSpec<T>,
  edgesOf: (item: T, place: Place) => GraphEdgeRecord[],
  read: (region: string) => Promise<RegionResult<T>> = (region) => run.cachedResource(spec, region),
): Promise<Batch<GraphEdgeRecord>[]> {
  const results = await run.perRegion(`${spec.script}/${spec.resource}`, read);
  return results.map((r) => ({
    observedAt: r.source.fetchedAt,
    records: r.items.flatMap((item) => edgesOf(item, { account: r.account, region: r.region })),
    region: r.region,
    account: r.account,
  }));
}

/**
 * A region's ECS services, read once per run: the graph's edges and the changes (their
 * deployments, changes/source.ts) gather at the same time and share the one read.
 */
export const ecsServicesOf = (run: Invocation, region: string): Promise<RegionResult<EcsServiceItem>> =>
  oncePerRun(run, `graph/ecs-services@${region}`, () => run.cachedResource(ecsServicesSpec, region));

export const restApiEdgeBatches = (run: Invocation) => edgeBatches(run, restApisSpec, restApiEdges);
export const httpApiEdgeBatches = (run: Invocation) => edgeBatches(run, httpApisSpec, httpApiEdges);
export const targetGroupEdgeBatches = (run: Invocation) => edgeBatches(run, targetGroupsSpec, targetGroupEdges);
export const ecsServiceEdgeBatches = (run: Invocation) =>
  edgeBatches(run, ecsServicesSpec, ecsServiceEdges, (region) => ecsServicesOf(run, region));
export const eventSourceEdgeBatches = (run: Invocation) => edgeBatches(run, eventSourceMappingsSpec, eventSourceEdges);
