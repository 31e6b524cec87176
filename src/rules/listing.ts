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
import { TRIAGE_DECLARED, type TriageUse } from "../sources/registry.js";

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

/** The source registry's triage declaration of each record family (sources/registry.ts). */
const DECLARED = new Map(TRIAGE_DECLARED.map((s) => [s.triage.data as keyof TriageData, s.triage]));
const declared = (key: keyof TriageData) => DECLARED.get(key) as TriageUse;

/** The records a rule reads, named as the commands that print them. */
const sourceName = (key: keyof TriageData) => declared(key).listedAs;

/** The `triage --sources` name of each record family; a metric rule names its namespace's. */
const triageSourceOf = (key: keyof TriageData) => declared(key).group;

export const RULE_LISTING_COLUMNS = ["id", "severity", "enabled", "triageSource", "thresholds", "summary"] as const;

export function listRules(settings: JudgementSettings): RuleListing[] {
  return effectiveRules(settings).map(({ rule, enabled, severity, thresholds }) => ({
    id: rule.id,
    defaultSeverity: defaultSeverity(rule),
    severityRule: typeof rule.severity === "string" ? null : rule.severity.describe,
    severity: severity ?? defaultSeverity(rule),
    enabled,
    resourceType: rule.resourceType,
    sources: [rule.source, ...(rule.alsoReads ?? [])].map((source) => sourceName(source)),
    triageSource: isMetricRule(rule) ? rule.triageSource : triageSourceOf(rule.source),
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
