/** Raw EC2 items (as cached) → records. Pure functions, used online and offline alike. */
import type { Instance, InstanceStatus } from "@aws-sdk/client-ec2";
import type { InstanceEvent, InstanceRecord, InstanceStatusRecord } from "../records/index.js";
import { compareText } from "./order.js";

import { isoOrNull } from "../time/json-dates.js";

export type { InstanceRecord, InstanceStatusRecord } from "../records/index.js";

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

export function tagMap(
  tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? "";
  return out;
}

/** Network interfaces in device order (the primary, index 0, first); missing indexes last. */
function interfacesInOrder(raw: CachedInstance): NonNullable<Instance["NetworkInterfaces"]> {
  const index = (eni: NonNullable<Instance["NetworkInterfaces"]>[number]) =>
    eni.Attachment?.DeviceIndex ?? Number.MAX_SAFE_INTEGER;
  return [...(raw.NetworkInterfaces ?? [])].sort((a, b) => index(a) - index(b));
}

/** Distinct, non-empty, in first-seen order. */
function distinct(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ""))];
}

/** Private IPv4 addresses of every interface; the instance's own primary address comes first. */
function privateIps(raw: CachedInstance, enis: ReturnType<typeof interfacesInOrder>): string[] {
  return distinct([
    raw.PrivateIpAddress,
    ...enis.flatMap((eni) => [
      eni.PrivateIpAddress,
      ...(eni.PrivateIpAddresses ?? []).map((address) => address.PrivateIpAddress),
    ]),
  ]);
}

function ipv6Addresses(raw: CachedInstance, enis: ReturnType<typeof interfacesInOrder>): string[] {
  return distinct([raw.Ipv6Address, ...enis.flatMap((eni) => (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address))]);
}

export function normalizeInstance(raw: CachedInstance, account: string | null, region: string): InstanceRecord {
  const tags = tagMap(raw.Tags);
  const enis = interfacesInOrder(raw);
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
    ipv6Addresses: ipv6Addresses(raw, enis),
    privateIps: privateIps(raw, enis),
    stateReason:
      raw.StateReason === undefined
        ? null
        : { code: raw.StateReason.Code ?? null, message: raw.StateReason.Message ?? null },
    lifecycle: raw.InstanceLifecycle ?? null,
    architecture: raw.Architecture ?? null,
    platform: raw.PlatformDetails ?? raw.Platform ?? null,
    imageId: raw.ImageId ?? null,
    keyName: raw.KeyName ?? null,
    iamInstanceProfile: raw.IamInstanceProfile?.Arn ?? null,
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

type CachedStatusSummary = {
  Status?: string | undefined;
  Details?: Array<{
    Name?: string | undefined;
    Status?: string | undefined;
    ImpairedSince?: string | Date | undefined;
  }>;
};

/** A DescribeInstanceStatus item as cached (dates are ISO strings after JSON). */
export type CachedInstanceStatus = Omit<
  InstanceStatus,
  "Events" | "SystemStatus" | "InstanceStatus" | "AttachedEbsStatus"
> & {
  SystemStatus?: CachedStatusSummary | undefined;
  InstanceStatus?: CachedStatusSummary | undefined;
  AttachedEbsStatus?: CachedStatusSummary | undefined;
  Events?: Array<{
    InstanceEventId?: string | undefined;
    Code?: string | undefined;
    Description?: string | undefined;
    NotBefore?: string | Date | undefined;
    NotAfter?: string | Date | undefined;
    NotBeforeDeadline?: string | Date | undefined;
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

/** The earliest ImpairedSince of any check; ISO strings of one format compare as text. */
function impairedSince(raw: CachedInstanceStatus): string | null {
  const times = [raw.SystemStatus, raw.InstanceStatus, raw.AttachedEbsStatus]
    .flatMap((summary) => summary?.Details ?? [])
    .map((detail) => isoOrNull(detail.ImpairedSince))
    .filter((iso): iso is string => iso !== null)
    .sort(compareText);
  return times[0] ?? null;
}

/**
 * `names` maps instance ids to Name tags, from a cached `ec2 list` inventory when there is one
 * (see the ec2 command); without it `name` is null.
 */
export function normalizeInstanceStatus(
  raw: CachedInstanceStatus,
  account: string | null,
  region: string,
  names?: ReadonlyMap<string, string | null>,
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
        eventId: event.InstanceEventId ?? null,
        notBeforeDeadline: isoOrNull(event.NotBeforeDeadline),
      }),
    ),
    name: names?.get(raw.InstanceId ?? "") ?? null,
    impairedSince: impairedSince(raw),
    ebsStatus: raw.AttachedEbsStatus?.Status ?? null,
  };
}

/**
 * EC2 keeps completed and canceled events in the list for a while and marks them only by a
 * prefix of the description: `[Completed]` or `[Canceled]` (also seen spelled `[Cancelled]`),
 * in any case, after optional spaces. The one definition `ec2 status` and the rules share.
 */
const FINISHED_EVENT_RE = /^\s*\[(completed|canceled|cancelled)\]/i;

export function isFinishedEvent(description: string | null | undefined): boolean {
  return FINISHED_EVENT_RE.test(description ?? "");
}

/** An event that is still to happen. */
export function isOpenEvent(event: InstanceEvent): boolean {
  return !isFinishedEvent(event.description);
}

/** What `ec2 status` lists without `--all`: a failing check, or an event still to come. */
export function needsAttention(record: InstanceStatusRecord): boolean {
  return (
    PROBLEM_STATUSES.has(record.systemStatus ?? "") ||
    PROBLEM_STATUSES.has(record.instanceStatus ?? "") ||
    record.events.some(isOpenEvent)
  );
}
