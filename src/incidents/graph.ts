/**
 * The resource graph of a run, from the records alone (so `--offline` gives the same one): the
 * edges the graph sources state, plus one derived family — every Lambda function depends on its
 * account's concurrency in its region. Nodes are keyed like findings (account, region, type, id).
 */
import type { GraphEdgeRecord, GraphNode, GraphRelation } from "../records/index.js";
import { ACCOUNT_RESOURCE_ID } from "../normalize/graph.js";
import { functionArn } from "../rules/arn.js";
import type { TriageData } from "../rules/types.js";

export type Located = GraphNode & { account: string | null; region: string };

export const nodeKey = (r: Pick<Located, "account" | "region" | "resourceType" | "resourceId">) =>
  JSON.stringify([r.account, r.region, r.resourceType, r.resourceId]);

/** What users hit: an incident's entry points. */
export const ENTRY_TYPES: ReadonlySet<string> = new Set(["apigateway:api", "elasticloadbalancing:loadbalancer"]);

/** Account-level resources: every function links to one. */
export const isHub = (key: string) => (JSON.parse(key) as string[])[3] === ACCOUNT_RESOURCE_ID;

export interface ResourceGraph {
  nodes: Map<string, Located>;
  /** `from` depends on each `to`. */
  out: Map<string, Set<string>>;
  in: Map<string, Set<string>>;
  /** The relation of each edge, by `edgeKey(from, to)`. */
  relations: Map<string, GraphRelation>;
}

export const edgeKey = (from: string, to: string) => `${from}\n${to}`;

function addEdge(
  graph: ResourceGraph,
  e: Pick<GraphEdgeRecord, "account" | "region" | "from" | "to" | "relation">,
): void {
  const from = { ...e.from, account: e.account, region: e.region };
  const to = { ...e.to, account: e.account, region: e.region };
  const [a, b] = [nodeKey(from), nodeKey(to)];
  if (a === b) return;
  if (!graph.nodes.has(a)) graph.nodes.set(a, from);
  if (!graph.nodes.has(b)) graph.nodes.set(b, to);
  graph.out.set(a, (graph.out.get(a) ?? new Set()).add(b));
  graph.in.set(b, (graph.in.get(b) ?? new Set()).add(a));
  graph.relations.set(edgeKey(a, b), e.relation);
}

export function buildGraph(data: TriageData): ResourceGraph {
  const graph: ResourceGraph = { nodes: new Map(), out: new Map(), in: new Map(), relations: new Map() };
  for (const batch of data.graph) for (const e of batch.records) addEdge(graph, e);
  // A target group's metrics name its load balancer, with or without the alb-targets source.
  for (const batch of data.metricValues)
    for (const m of batch.records) {
      const lb = m.dimensions.LoadBalancer;
      if (m.resourceType !== "elasticloadbalancing:targetgroup" || lb === undefined) continue;
      addEdge(graph, {
        account: m.account,
        region: m.region,
        from: { resourceType: "elasticloadbalancing:loadbalancer", resourceId: lb, arn: null },
        to: { resourceType: m.resourceType, resourceId: m.resourceId, arn: m.arn },
        relation: "target-group",
      });
    }
  // Account limits → every function of that account and region (listed, or with metrics).
  const functions = [...data.functions.flatMap((b) => b.records), ...data.metrics.flatMap((b) => b.records)];
  for (const f of functions)
    addEdge(graph, {
      account: f.account,
      region: f.region,
      from: {
        resourceType: "lambda:function",
        resourceId: f.functionName,
        arn: functionArn(f.region, f.account, f.functionName),
      },
      to: { resourceType: "lambda:account", resourceId: ACCOUNT_RESOURCE_ID, arn: null },
      relation: "account-limit",
    });
  return graph;
}

/** Every node reachable from `start` along `edges`, `start` included, over the edges `open` allows. */
export function reach(
  start: string,
  edges: ReadonlyMap<string, ReadonlySet<string>>,
  open: (from: string, to: string) => boolean,
): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let key = queue.shift(); key !== undefined; key = queue.shift())
    for (const next of edges.get(key) ?? []) {
      if (seen.has(next) || !open(key, next)) continue;
      seen.add(next);
      queue.push(next);
    }
  return seen;
}
