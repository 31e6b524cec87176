/** EC2 wrapper: instances, instance status, regions. Every list is paged to the end. */
import type { Instance, InstanceStatus, Region } from "@aws-sdk/client-ec2";
import type { AwsClientProvider } from "./provider.js";

export type { Instance, InstanceStatus, Region } from "@aws-sdk/client-ec2";

/** Called after each page, for progress on a terminal. */
export type PageListener = (itemsSoFar: number) => void;

/** Every instance of every reservation, flattened (the raw items awstriage caches). */
export async function describeInstances(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<Instance[]> {
  const { paginateDescribeInstances } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeInstances", async (client) => {
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {})) {
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
      onPage?.(instances.length);
    }
    return instances;
  });
}

export async function describeInstanceStatus(
  provider: AwsClientProvider,
  region: string,
  includeAll: boolean,
  onPage?: PageListener,
): Promise<InstanceStatus[]> {
  const { paginateDescribeInstanceStatus } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeInstanceStatus", async (client) => {
    const statuses: InstanceStatus[] = [];
    const input = { IncludeAllInstances: includeAll };
    for await (const page of paginateDescribeInstanceStatus({ client, pageSize: 1000 }, input)) {
      statuses.push(...(page.InstanceStatuses ?? []));
      onPage?.(statuses.length);
    }
    return statuses;
  });
}

/** Regions enabled for the account (opted-in or not requiring opt-in). */
export async function describeRegions(provider: AwsClientProvider, region: string): Promise<Region[]> {
  const { DescribeRegionsCommand } = await import("@aws-sdk/client-ec2");
  return provider.call("ec2", region, "DescribeRegions", async (client) => {
    const response = await client.send(new DescribeRegionsCommand({ AllRegions: false }));
    return response.Regions ?? [];
  });
}
