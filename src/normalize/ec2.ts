/** Raw EC2 items (as cached) → records. Pure functions, used online and offline alike. */
import type { Instance } from "@aws-sdk/client-ec2";
import type { InstanceRecord } from "../records.js";

export type { InstanceRecord } from "../records.js";

/** Cached items went through JSON, so dates are ISO strings. */
export type CachedInstance = Omit<Instance, "LaunchTime"> & { LaunchTime?: string | Date };


export const INSTANCE_COLUMNS = ["instanceId", "name", "state", "instanceType", "availabilityZone", "privateIp", "publicIp", "launchTime", "region"] as const;

export function isoOrNull(value: string | Date | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function tagMap(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? "";
  return out;
}

export function normalizeInstance(raw: CachedInstance, account: string | null, region: string): InstanceRecord {
  const tags = tagMap(raw.Tags);
  return {
    account,
    region,
    instanceId: raw.InstanceId ?? "",
    name: tags.Name ?? null,
    state: raw.State?.Name ?? null,
    instanceType: raw.InstanceType ?? null,
    availabilityZone: raw.Placement?.AvailabilityZone ?? null,
    privateIp: raw.PrivateIpAddress ?? null,
    publicIp: raw.PublicIpAddress ?? null,
    launchTime: isoOrNull(raw.LaunchTime),
    vpcId: raw.VpcId ?? null,
    subnetId: raw.SubnetId ?? null,
    tags,
  };
}

export interface InstanceFilter {
  states?: readonly string[] | undefined;
  tags?: ReadonlyArray<{ key: string; value: string }> | undefined;
  types?: readonly string[] | undefined;
}

/** Filters apply locally, so one cached inventory serves every filter. Tags are ANDed. */
export function matchesInstance(record: InstanceRecord, filter: InstanceFilter): boolean {
  if (filter.states?.length && !filter.states.includes(record.state ?? "")) return false;
  if (filter.types?.length && !filter.types.includes(record.instanceType ?? "")) return false;
  for (const { key, value } of filter.tags ?? []) if (record.tags[key] !== value) return false;
  return true;
}
