import type { RecordBase } from "./base.js";
import type { LogSignature } from "../logs/signatures.js";

export type { LogSignature } from "../logs/signatures.js";

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

/** One resource's log evidence: the signatures of its error lines over the window (`logs patterns`). */
export interface LogEvidenceRecord extends RecordBase {
  /** The resource whose log group was read (`lambda:function`). */
  resourceType: string;
  resourceId: string;
  logGroupName: string;
  /** The FilterLogEvents pattern the lines matched. */
  pattern: string;
  /** Events read; the shares are of these. */
  eventsRead: number;
  /** false when the read stopped at its bounds (events or calls): counts are then a sample's. */
  complete: boolean;
  /** The most frequent signatures, most frequent first. */
  signatures: LogSignature[];
}

/** `logs patterns`: one signature of a group's error lines over the window. */
export interface LogPatternRecord extends RecordBase {
  logGroupName: string;
  /** The line with its variable parts masked (`<n>`, `<id>`, `<uuid>`, `<hex>`, `<time>`, `<str>`). */
  signature: string;
  count: number;
  /** count / eventsRead. */
  share: number;
  firstAt: string;
  lastAt: string;
  /** The first line with this signature, as logged. */
  example: string;
  /** Events read (at most --max-events); `complete` false when the read stopped before the window's end. */
  eventsRead: number;
  complete: boolean;
}

/** `logs search` */
export interface LogEventRecord extends RecordBase {
  timestamp: string;
  logGroupName: string;
  logStreamName: string | null;
  message: string;
  eventId: string | null;
}
