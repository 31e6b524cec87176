/**
 * Elastic Load Balancing v2 wrapper (the resource graph): target groups with the load balancers
 * they serve (DescribeTargetGroups names them, so DescribeLoadBalancers adds nothing to the
 * graph) and the health of each registered target.
 */
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

export interface TargetGroupItem {
  arn: string;
  name: string;
  targetType: string | null;
  loadBalancerArns: string[];
  targets: Array<{ id: string; port: number | null; state: string | null }>;
}

/** Every target group with its targets' health: 1 call per page + one per target group. */
export async function describeTargetGroups(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<TargetGroupItem[]> {
  const { paginateDescribeTargetGroups, DescribeTargetHealthCommand } = await import(
    "@aws-sdk/client-elastic-load-balancing-v2"
  );
  const groups = await provider.call("elbv2", region, "DescribeTargetGroups", (client) =>
    collectPages(paginateDescribeTargetGroups({ client, pageSize: 400 }, {}), (page) => page.TargetGroups, onPage),
  );
  const answer: TargetGroupItem[] = [];
  for (const group of groups) {
    if (group.TargetGroupArn === undefined) continue;
    const TargetGroupArn = group.TargetGroupArn;
    const health = await provider.call("elbv2", region, "DescribeTargetHealth", (client) =>
      client.send(new DescribeTargetHealthCommand({ TargetGroupArn })),
    );
    answer.push({
      arn: TargetGroupArn,
      name: group.TargetGroupName ?? TargetGroupArn,
      targetType: group.TargetType ?? null,
      loadBalancerArns: group.LoadBalancerArns ?? [],
      targets: (health.TargetHealthDescriptions ?? []).flatMap((d) =>
        d.Target?.Id === undefined
          ? []
          : [{ id: d.Target.Id, port: d.Target.Port ?? null, state: d.TargetHealth?.State ?? null }],
      ),
    });
  }
  return answer;
}
