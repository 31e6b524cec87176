/** EC2 wrapper: instances, instance status, regions. Every list is paged to the end. */
import type { Instance, InstanceStatus, Region } from "@aws-sdk/client-ec2";
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

export type { Instance, InstanceStatus, Region } from "@aws-sdk/client-ec2";

/** Every instance of every reservation, flattened (the raw items awstriage caches). */
export async function describeInstances(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<Instance[]> {
  const { paginateDescribeInstances } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeInstances", (client) =>
    collectPages(
      paginateDescribeInstances({ client, pageSize: 1000 }, {}),
      (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
      onPage,
    ),
  );
}

export async function describeInstanceStatus(
  provider: AwsClientProvider,
  region: string,
  includeAll: boolean,
  onPage?: PageListener,
): Promise<InstanceStatus[]> {
  const { paginateDescribeInstanceStatus } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeInstanceStatus", (client) =>
    collectPages(
      paginateDescribeInstanceStatus({ client, pageSize: 1000 }, { IncludeAllInstances: includeAll }),
      (page) => page.InstanceStatuses,
      onPage,
    ),
  );
}

/** Regions enabled for the account (opted-in or not requiring opt-in). */
export async function describeRegions(provider: AwsClientProvider, region: string): Promise<Region[]> {
  const { DescribeRegionsCommand } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeRegions", async (client) => {
    const response = await client.send(new DescribeRegionsCommand({ AllRegions: false }));
    return response.Regions ?? [];
  });
}
