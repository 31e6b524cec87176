/**
 * ECS service deployments as changes (pure): each deployment the graph's ECS source cached
 * (`graph/ecs-services`) is a change to its service (`CLUSTER/SERVICE`, the id findings and the
 * graph use) when it began, and another when it last moved (completed, failed, was replaced).
 * The cached items are read through a schema: an entry from before deployments were kept, or
 * one written by anything else, gives no change rather than a wrong one.
 */
import * as z from "zod/mini";
import type { EcsServiceItem } from "../aws/ecs.js";
import type { Change } from "../records/index.js";
import { isoOrNull } from "../time/json-dates.js";

const deploymentSchema = z.object({
  status: z.nullish(z.string()),
  taskDefinition: z.nullish(z.string()),
  createdAt: z.nullish(z.string()),
  updatedAt: z.nullish(z.string()),
  rolloutState: z.nullish(z.string()),
});
const deploymentsSchema = z.array(deploymentSchema);

/** `arn:aws:ecs:…:task-definition/web:7` → `web:7`, the name a person knows it by. */
export const taskDefinitionName = (arn: string | null | undefined) =>
  arn == null ? "a task definition" : arn.slice(arn.lastIndexOf("/") + 1);

export function deploymentChanges(item: Pick<EcsServiceItem, "clusterName" | "serviceName" | "deployments">): Change[] {
  const parsed = deploymentsSchema.safeParse(item.deployments ?? []);
  if (!parsed.success) return [];
  const resource = `${item.clusterName}/${item.serviceName}`;
  return parsed.data.flatMap((d): Change[] => {
    const task = taskDefinitionName(d.taskDefinition);
    const created = isoOrNull(d.createdAt);
    const updated = isoOrNull(d.updatedAt);
    const change = (at: string, what: string): Change => ({ at, resource, what, who: null, source: "ecs" });
    const changes = created === null ? [] : [change(created, `deployed ${task} to`)];
    // The deployment's last move: how its rollout ended, or that a newer one replaced it.
    if (updated !== null && updated !== created) {
      const state = (d.rolloutState ?? d.status ?? "updated").toLowerCase().replace(/_/g, " ");
      changes.push(change(updated, `deployment of ${task} ${state} on`));
    }
    return changes;
  });
}
