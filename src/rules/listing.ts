/**
 * `awstriage rules` as records: every rule with its default and effective judgement, so a
 * person can see what the config file changed (compare `tflint --list-rules`).
 */
import type { Severity } from "../records/index.js";
import { effectiveRules } from "./engine.js";
import { defaultSeverity, type ThresholdUnit } from "./rule.js";
import { isMetricRule } from "./metric-rule.js";
import type { JudgementSettings } from "./settings.js";
import type { TriageData } from "./types.js";

export interface RuleListing {
  id: string;
  /** The severity without a config file, and how it is computed when it depends on the evidence. */
  defaultSeverity: Severity;
  severityRule: string | null;
  /** The configured severity when one is set, else the default. */
  severity: Severity;
  enabled: boolean;
  resourceType: string;
  /** The records the rule reads: its own first, then the ones it consults. */
  sources: string[];
  /** The `triage --sources` name that gathers what the rule reads. */
  triageSource: string;
  summary: string;
  thresholds: Record<string, { unit: ThresholdUnit; default: number; value: number; description: string }>;
}

/** The records a rule reads, named as the commands that print them. */
const SOURCE_NAMES: Readonly<Record<keyof TriageData, string>> = {
  instanceStatuses: "ec2/status",
  functions: "lambda/functions",
  metrics: "lambda/metrics",
  alarms: "cloudwatch/alarms",
  logGroups: "logs/groups",
  metricValues: "cloudwatch/metric-health",
  accountConcurrency: "lambda/account-settings",
};

/** The `triage --sources` name of each record family; a metric rule names its namespace's. */
const TRIAGE_SOURCE: Readonly<Record<keyof TriageData, string>> = {
  instanceStatuses: "ec2",
  functions: "lambda",
  metrics: "lambda",
  alarms: "cloudwatch",
  logGroups: "logs",
  metricValues: "cloudwatch",
  accountConcurrency: "lambda",
};

export const RULE_LISTING_COLUMNS = ["id", "severity", "enabled", "triageSource", "thresholds", "summary"] as const;

export function listRules(settings: JudgementSettings): RuleListing[] {
  return effectiveRules(settings).map(({ rule, enabled, severity, thresholds }) => ({
    id: rule.id,
    defaultSeverity: defaultSeverity(rule),
    severityRule: typeof rule.severity === "string" ? null : rule.severity.describe,
    severity: severity ?? defaultSeverity(rule),
    enabled,
    resourceType: rule.resourceType,
    sources: [rule.source, ...(rule.alsoReads ?? [])].map((source) => SOURCE_NAMES[source]),
    triageSource: isMetricRule(rule) ? rule.triageSource : TRIAGE_SOURCE[rule.source],
    summary: rule.summary,
    thresholds: Object.fromEntries(
      Object.entries(rule.thresholds ?? {}).map(([name, spec]) => [
        name,
        {
          unit: spec.unit,
          default: spec.default,
          value: thresholds[name] ?? spec.default,
          description: spec.description,
        },
      ]),
    ),
  }));
}

/** `errorRateHigh=0.1 (default 0.05)`: a threshold as a table cell shows it. */
export function thresholdsText(listing: RuleListing): string {
  return Object.entries(listing.thresholds)
    .map(([name, t]) => `${name}=${t.value}${t.value === t.default ? "" : ` (default ${t.default})`}`)
    .join(" ");
}
