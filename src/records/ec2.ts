import type { RecordBase } from "./base.js";

/** `ec2 list` */
export interface InstanceRecord extends RecordBase {
  instanceId: string;
  name: string | null;
  state: string | null;
  instanceType: string | null;
  availabilityZone: string | null;
  privateIp: string | null;
  publicIp: string | null;
  launchTime: string | null;
  vpcId: string | null;
  subnetId: string | null;
  tags: Record<string, string>;
  /** Every IPv6 address of every network interface (a dual-stack instance may have no publicIp). */
  ipv6Addresses: string[];
  /** Every private IPv4 address of every network interface, the primary interface's first. */
  privateIps: string[];
  /** Why the instance is in its state (`Client.UserInitiatedShutdown`, `Server.SpotInstanceTermination`…). */
  stateReason: { code: string | null; message: string | null } | null;
  /** `spot`, `scheduled`, `capacity-block`; null for on-demand. */
  lifecycle: string | null;
  architecture: string | null;
  /** EC2's PlatformDetails (`Linux/UNIX`, `Windows`, `Red Hat Enterprise Linux`…), else its Platform. */
  platform: string | null;
  imageId: string | null;
  keyName: string | null;
  /** The instance profile's ARN. */
  iamInstanceProfile: string | null;
}

/** A scheduled event of `ec2 status` (retirement, reboot, maintenance). */
export interface InstanceEvent {
  code: string;
  description: string | null;
  notBefore: string | null;
  notAfter: string | null;
  /** EC2's InstanceEventId, needed to reschedule the event. */
  eventId: string | null;
  /** The latest day the event can be rescheduled to. */
  notBeforeDeadline: string | null;
}

/** `ec2 status`; statuses are EC2's: ok, impaired, insufficient-data, not-applicable, initializing. */
export interface InstanceStatusRecord extends RecordBase {
  instanceId: string;
  state: string | null;
  systemStatus: string | null;
  instanceStatus: string | null;
  events: InstanceEvent[];
  /**
   * The instance's Name tag, joined from the cached `ec2 list` inventory of the same profile
   * and region (any age); no AWS call is made for it, so without that entry it is null.
   */
  name: string | null;
  /** The earliest `ImpairedSince` of the system, instance and attached-EBS checks; null when none is impaired. */
  impairedSince: string | null;
  /** The attached-EBS status check (`ok`, `impaired`, …); null where EC2 does not report it. */
  ebsStatus: string | null;
}
