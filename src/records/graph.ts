/**
 * The resource graph (triage): one edge per dependency an AWS API states. `from` depends on
 * `to` — requests or messages flow from→to, so a failure at `to` shows up at `from`.
 */
import type { RecordBase } from "./base.js";

export interface GraphNode {
  resourceType: string;
  /** The id findings use for it (function name, `app/web/…` for a load balancer, `account` for an account). */
  resourceId: string;
  arn: string | null;
}

export type GraphRelation = "integration" | "target-group" | "target" | "event-source" | "account-limit";

export interface GraphEdgeRecord extends RecordBase {
  from: GraphNode;
  to: GraphNode;
  relation: GraphRelation;
}
