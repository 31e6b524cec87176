/**
 * What a rule is: data a person can read (`awstriage rules`), tune (the config file) and test.
 * A rule says which records it reads and what in them is wrong; the engine (engine.ts) turns
 * its matches into findings, stamping the fields every finding shares, so no rule builds a
 * finding field by field.
 */
import type { Severity } from "../records/index.js";
import type { RuntimeDeprecation } from "./lambda-runtimes.js";
import type { TriageData } from "./types.js";

/**
 * How a threshold is written in the config file. Rates are fractions (`0.05`), durations use
 * the tool's duration syntax (`"15m"`, held here in milliseconds), and plain numbers carry their
 * unit in the threshold's name (`durationMs`, `count`).
 */
export type ThresholdUnit = "fraction" | "duration" | "number";

export interface ThresholdSpec {
  unit: ThresholdUnit;
  /** In the rule's own unit: a fraction, milliseconds for a duration, or the plain number. */
  default: number;
  description: string;
}

/** Threshold values in effect, by name (defaults overlaid with the config file's). */
export type Thresholds = Readonly<Record<string, number>>;

/** What a rule may look at besides its own records. */
export interface CheckContext {
  /** The calendar day (YYYY-MM-DD, UTC) the records were fetched on; date rules compare with it. */
  today: string;
  thresholds: Thresholds;
  /** Everything gathered in this run, for rules that cross-reference (an alarm and its function). */
  data: TriageData;
  /** The runtime table with the config file's corrections applied. */
  runtimes: ReadonlyMap<string, RuntimeDeprecation>;
}

/** The resource a finding is about. */
export interface ResourceRef {
  resourceId: string;
  arn: string | null;
  account: string | null;
  region: string;
}

/** One thing a rule found wrong: the resource and the numbers that show it. */
export interface Match<E extends object = Record<string, unknown>> {
  resource: ResourceRef;
  evidence: E;
  /** What the title says the resource is, where the evidence alone does not tell (a math alarm's expression). */
  subject?: string;
}

type RecordsOf<K extends keyof TriageData> = TriageData[K][number]["records"][number];

export interface RuleDeclaration<
  K extends keyof TriageData = keyof TriageData,
  E extends object = Record<string, unknown>,
> {
  id: string;
  /** What the rule checks, in one sentence (README, `awstriage rules`). */
  summary: string;
  resourceType: string;
  /** The records the rule reads; a rule runs once per batch (one region, one fetch) of them. */
  source: K;
  /** Other records it consults, for `awstriage rules` ("sources it reads"). */
  alsoReads?: readonly (keyof TriageData)[];
  /** Its findings are about errors: they carry their resource's log evidence (`logSignatures`). */
  logEvidence?: boolean;
  /** A fixed severity, or one computed from the evidence and the thresholds in effect. */
  severity:
    | Severity
    | { describe: string; default: Severity; of(evidence: NoInfer<E>, thresholds: Thresholds): Severity };
  thresholds?: Readonly<Record<string, ThresholdSpec>>;
  title(evidence: NoInfer<E>, resource: ResourceRef, thresholds: Thresholds, subject: string | undefined): string;
  check(records: readonly RecordsOf<K>[], ctx: CheckContext): Match<E>[];
}

/** A declaration with its record type erased, so the registry can be one list. */
// biome-ignore lint/suspicious/noExplicitAny: evidence is both read and written by a rule, so no narrower type erases it.
export type AnyRule = RuleDeclaration<keyof TriageData, any>;

/** Declares a rule with its record type checked against its source. */
export function defineRule<K extends keyof TriageData, E extends object>(rule: RuleDeclaration<K, E>): AnyRule {
  return rule as unknown as AnyRule;
}

/** The severity a rule gives when nothing is configured, for listings. */
export function defaultSeverity(rule: AnyRule): Severity {
  return typeof rule.severity === "string" ? rule.severity : rule.severity.default;
}

/** `1 error`, `2 errors`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
