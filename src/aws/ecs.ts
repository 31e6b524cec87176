/**
 * ECS wrapper (the resource graph): every service of every cluster with the target groups
 * it registers its tasks in, and its deployments (what changed: the changes beside findings).
 * DescribeServices takes at most 10 services per call.
 */
import type { Deployment } from "@aws-sdk/client-ecs";
import type { AwsClientProvider } from "./provider.js";
import { collectPages } from "./paginate.js";
import { isoOrNull } from "../time/json-dates.js";

/** One deployment of a service: the task definition it rolls out, when, and how far it got. */
export interface EcsDeploymentItem {
  id: string | null;
  /** `PRIMARY` (the newest), `ACTIVE` (still running tasks), `INACTIVE` (replaced). */
  status: string | null;
  taskDefinition: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** `IN_PROGRESS`, `COMPLETED`, `FAILED` (with the deployment circuit breaker); null otherwise. */
  rolloutState: string | null;
}

export interface EcsServiceItem {
  clusterName: string;
  serviceName: string;
  serviceArn: string | null;
  targetGroupArns: string[];
  /** Absent from entries cached before deployments were kept. */
  deployments?: EcsDeploymentItem[];
}

const deploymentItem = (d: Deployment): EcsDeploymentItem => ({
  id: d.id ?? null,
  status: d.status ?? null,
  taskDefinition: d.taskDefinition ?? null,
  createdAt: isoOrNull(d.createdAt),
  updatedAt: isoOrNull(d.updatedAt),
  rolloutState: d.rolloutState ?? null,
});

const DESCRIBE_SERVICES_MAX = 10;

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

export async function describeAllServices(provider: AwsClientProvider, region: string): Promise<EcsServiceItem[]> {
  const { paginateListClusters, paginateListServices, DescribeServicesCommand } = await import("@aws-sdk/client-ecs");
  const clusters = await provider.call("ecs", region, "ListClusters", (client) =>
    collectPages(paginateListClusters({ client, pageSize: 100 }, {}), (page) => page.clusterArns),
  );
  const answer: EcsServiceItem[] = [];
  for (const cluster of clusters) {
    const arns = await provider.call("ecs", region, "ListServices", (client) =>
      collectPages(paginateListServices({ client, pageSize: 100 }, { cluster }), (page) => page.serviceArns),
    );
    for (let i = 0; i < arns.length; i += DESCRIBE_SERVICES_MAX) {
      const services = arns.slice(i, i + DESCRIBE_SERVICES_MAX);
      const described = await provider.call("ecs", region, "DescribeServices", (client) =>
        client.send(new DescribeServicesCommand({ cluster, services })),
      );
      for (const s of described.services ?? [])
        answer.push({
          clusterName: nameOf(s.clusterArn ?? cluster),
          serviceName: s.serviceName ?? nameOf(s.serviceArn ?? ""),
          serviceArn: s.serviceArn ?? null,
          targetGroupArns: (s.loadBalancers ?? []).flatMap((lb) =>
            lb.targetGroupArn === undefined ? [] : [lb.targetGroupArn],
          ),
          deployments: (s.deployments ?? []).map(deploymentItem),
        });
    }
  }
  return answer;
}
