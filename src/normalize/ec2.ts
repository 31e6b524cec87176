/** Raw EC2 items (as cached) → records. Pure functions, used online and offline alike. */
import type { Instance, InstanceStatus } from "@aws-sdk/client-ec2";
import type { InstanceEvent, InstanceRecord, InstanceStatusRecord } from "../records.js";

export type { InstanceRecord, InstanceStatusRecord } from "../records.js";

/** Cached items went through JSON, so dates are ISO strings. */
export type CachedInstance = Omit<Instance, "LaunchTime"> & { LaunchTime?: string | Date };

export const INSTANCE_COLUMNS = [
  "instanceId",
  "name",
  "state",
  "instanceType",
  "availabilityZone",
  "privateIp",
  "publicIp",
  "launchTime",
  "region",
] as const;

export function isoOrNull(value: string | Date | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function tagMap(
  tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
): Record<string, string> {
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

/** A DescribeInstanceStatus item as cached (event dates are ISO strings after JSON). */
export type CachedInstanceStatus = Omit<InstanceStatus, "Events"> & {
  Events?: Array<{
    Code?: string | undefined;
    Description?: string | undefined;
    NotBefore?: string | Date | undefined;
    NotAfter?: string | Date | undefined;
  }>;
};

export const INSTANCE_STATUS_COLUMNS = [
  "instanceId",
  "state",
  "systemStatus",
  "instanceStatus",
  "events",
  "region",
] as const;

/** Check results that mean something is wrong (EC2 also says ok, initializing, not-applicable). */
export const PROBLEM_STATUSES: ReadonlySet<string> = new Set(["impaired", "insufficient-data"]);

export function normalizeInstanceStatus(
  raw: CachedInstanceStatus,
  account: string | null,
  region: string,
): InstanceStatusRecord {
  return {
    account,
    region,
    instanceId: raw.InstanceId ?? "",
    state: raw.InstanceState?.Name ?? null,
    systemStatus: raw.SystemStatus?.Status ?? null,
    instanceStatus: raw.InstanceStatus?.Status ?? null,
    events: (raw.Events ?? []).map(
      (event): InstanceEvent => ({
        code: event.Code ?? "unknown",
        description: event.Description ?? null,
        notBefore: isoOrNull(event.NotBefore),
        notAfter: isoOrNull(event.NotAfter),
      }),
    ),
  };
}

/**
 * An event that is still to happen. EC2 keeps completed and canceled events for a while and
 * marks them only by this documented prefix of the description.
 */
export function isOpenEvent(event: InstanceEvent): boolean {
  return !/^\[(Completed|Canceled)\]/.test(event.description ?? "");
}

/** What `ec2 status` lists without `--all`: a failing check, or an event still to come. */
export function needsAttention(record: InstanceStatusRecord): boolean {
  return (
    PROBLEM_STATUSES.has(record.systemStatus ?? "") ||
    PROBLEM_STATUSES.has(record.instanceStatus ?? "") ||
    record.events.some(isOpenEvent)
  );
}
