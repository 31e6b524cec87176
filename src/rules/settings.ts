/**
 * The judgement a config file can change: per-rule enabled/severity/thresholds, runtime date
 * corrections and suppressions. Plain data, validated by config/load.ts; the engine reads it.
 */
import type { Severity } from "../records/index.js";
import type { RuntimeDeprecation } from "./lambda-runtimes.js";

export interface RuleSettings {
  enabled?: boolean;
  severity?: Severity;
  /** In each threshold's own unit (fraction, milliseconds, number). */
  thresholds?: Readonly<Record<string, number>>;
}

/** A finding a person has decided to live with, for a reason and usually until a day. */
export interface Suppression {
  ruleId: string;
  resourceId: string;
  account?: string;
  region?: string;
  /** YYYY-MM-DD, inclusive; absent means until the suppression is removed. */
  until?: string;
  reason: string;
}

export interface JudgementSettings {
  rules: Readonly<Record<string, RuleSettings>>;
  /** Extra or corrected runtime deprecation dates; they win over the built-in table. */
  runtimes: readonly RuntimeDeprecation[];
  suppress: readonly Suppression[];
  /**
   * What triage reads as log evidence: the FilterLogEvents pattern and the most events per
   * group; absent, the defaults of sources/log-evidence.ts.
   */
  logEvidence?: { pattern?: string | undefined; maxEvents?: number | undefined };
}

export const DEFAULT_SETTINGS: JudgementSettings = { rules: {}, runtimes: [], suppress: [] };
