import type { RecordBase } from "./base.js";

/** `logs groups`; retentionInDays null = never expires. */
export interface LogGroupRecord extends RecordBase {
  logGroupName: string;
  arn: string | null;
  retentionInDays: number | null;
  storedBytes: number | null;
  createdAt: string | null;
  /** `STANDARD`, `INFREQUENT_ACCESS`, `DELIVERY`; null when not reported (older answers: STANDARD). */
  logGroupClass: string | null;
  kmsKeyId: string | null;
  /** `ACTIVATED`, `DELETED`, `ARCHIVED`, `DISABLED`; null when the group has no data protection policy. */
  dataProtectionStatus: string | null;
  metricFilterCount: number | null;
  /** Whether the group is protected from deletion; null when not reported (older answers). */
  deletionProtectionEnabled: boolean | null;
}

/** `logs search` */
export interface LogEventRecord extends RecordBase {
  timestamp: string;
  logGroupName: string;
  logStreamName: string | null;
  message: string;
  eventId: string | null;
}
