import type { LogSignature } from "../logs/signatures.js";
import type { FindingChange } from "./changes.js";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `triage`: one finding (DESIGN.md "Findings"). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  resourceType: string;
  /** The short name a person uses: instance id, function name, alarm name, log group name. */
  resourceId: string;
  arn: string | null;
  account: string | null;
  region: string;
  /** The numbers that triggered the rule. */
  evidence: Record<string, unknown>;
  observedAt: string;
  /** Resources this one is tied to: its log group, the alarms that watch it, what an alarm watches. */
  related: RelatedResource[];
  /**
   * Metric findings only: the start of the breach still going on, or its first breaching
   * period when it has ended (ISO), from the series; null when no single period breached.
   */
  since?: string | null;
  /** Metric findings only: the start of the period with the worst value of the series. */
  peakAt?: string | null;
  /** Metric findings only: `rising`, `steady`, `recovering`, or `ended` (reported one severity lower). */
  trend?: "rising" | "steady" | "recovering" | "ended";
  /** Metric findings only: the value judged per period (`at` its start, ISO; null where CloudWatch had none). */
  series?: Array<{ at: string; value: number | null }>;
  /**
   * An error finding's log evidence: the top signatures of its resource's error lines in the
   * window (`triage --sources log-evidence`); absent on other findings and when none was read.
   */
  logSignatures?: LogSignature[];
  /**
   * The incident this finding is part of (a stable id from its member resources), null for a
   * hygiene finding; absent only from documents written before incidents existed.
   */
  incident?: string | null;
  /** Its part in the incident: what users hit, what is hurt on the way, or the likely cause. */
  role?: IncidentRole | null;
  /**
   * Metric findings and the findings of an incident, with the `changes` source: changes to the
   * resource, to those it is tied to (`related`) and to those connected to them in the resource
   * graph (what they depend on, and what depends on them directly), from an hour before `since`
   * (else the incident's earliest `since`) to the end of the window, newest first.
   */
  changes?: FindingChange[];
}

export const INCIDENT_ROLES = ["entry", "affected", "suspected-cause"] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** `triage --out`: one incident, its findings referenced by rule and resource (the flat list holds them). */
export interface IncidentSummary {
  id: string;
  /** 1 for the incident to look at first: worst severity, then most entry points, then earliest onset. */
  rank: number;
  /** One line from entry to suspected cause: `orders-api 5XX 8% ← orders-handler throttled 11% ← …`. */
  title: string;
  severity: Severity;
  /** APIs and load balancers whose requests reach a member resource. */
  entryPoints: number;
  suspectedCause: { resourceType: string; resourceId: string; account: string | null; region: string } | null;
  findings: Array<{
    ruleId: string;
    resourceType: string;
    resourceId: string;
    account: string | null;
    region: string;
    role: IncidentRole | null;
  }>;
  /** With the `changes` source: its findings' changes, once each, newest first, worded against its onset. */
  changes?: FindingChange[];
}

/** One cross-reference of a finding's resource (rules/related.ts builds them). */
export interface RelatedResource {
  arn: string | null;
  resourceType: string;
  resourceId: string;
  relation: "log-group" | "function" | "watches" | "watched-by" | "load-balancer" | "target-group";
}
