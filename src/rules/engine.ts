/**
 * The rules engine: every enabled rule over every batch of its records, the config file's
 * judgement applied (thresholds, severities, suppressions), then one deterministic order.
 * Pure: the caller hands in the records with the moment each batch was fetched, and the same
 * records and settings always give the same findings, byte for byte (`triage --offline`).
 */
import type { Finding, LogEvidenceRecord, RelatedResource, Severity } from "../records/index.js";
import { runtimeTable } from "./lambda-runtimes.js";
import { RULES } from "./registry.js";
import { buildRelations, relatedTo } from "./related.js";
import type { AnyRule, CheckContext, Match, Thresholds } from "./rule.js";
import { severityRank, sortFindings } from "./severity.js";
import { emptyTriageData, type TriageData } from "./types.js";
import { DEFAULT_SETTINGS, type JudgementSettings, type Suppression } from "./settings.js";

/** A rule as this run applies it. */
export interface EffectiveRule {
  rule: AnyRule;
  enabled: boolean;
  /** The configured severity, which replaces the computed one; undefined when none is set. */
  severity: Severity | undefined;
  thresholds: Thresholds;
}

export function effectiveRules(
  settings: JudgementSettings = DEFAULT_SETTINGS,
  rules: readonly AnyRule[] = RULES,
): EffectiveRule[] {
  return rules.map((rule) => {
    const configured = settings.rules[rule.id];
    const thresholds: Record<string, number> = {};
    for (const [name, spec] of Object.entries(rule.thresholds ?? {}))
      thresholds[name] = configured?.thresholds?.[name] ?? spec.default;
    return { rule, enabled: configured?.enabled ?? true, severity: configured?.severity, thresholds };
  });
}

/**
 * One rule over one batch, with `today` given (tests of date rules); `data` supplies the
 * records a cross-referencing rule consults. Suppressions are not applied.
 */
export function findingsOf(
  rule: AnyRule,
  batch: { observedAt: string; today?: string; records: readonly unknown[] },
  settings: JudgementSettings = DEFAULT_SETTINGS,
  data: TriageData = emptyTriageData(),
): Finding[] {
  const [applied] = effectiveRules(settings, [rule]) as [EffectiveRule];
  const today = batch.today ?? dayOf(batch.observedAt);
  const ctx: CheckContext = { today, thresholds: applied.thresholds, data, runtimes: runtimeTable(settings.runtimes) };
  const links = { relations: buildRelations(data), evidence: evidenceIndex(data) };
  return rule.check(batch.records as never, ctx).map((match) => toFinding(applied, match, batch.observedAt, links));
}

/** A finding the config file suppressed, with the reason it gave. */
export type SuppressedFinding = Finding & { suppressedBy: { reason: string; until: string | null } };

export interface Judgement {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

/**
 * Date rules compare with the day the data was fetched, not the day of the analysis, so
 * re-analysing a cache gives the findings of the moment it describes.
 */
export const dayOf = (observedAt: string) => observedAt.slice(0, 10);

/** The worst severity a finding from an incomplete answer (evidence `partial: true`) gets. */
export const PARTIAL_SEVERITY_CAP: Severity = "medium";

/**
 * The configured severity, else the rule's; a finding whose evidence is partial (a count from
 * an incomplete CloudWatch answer) is never worse than PARTIAL_SEVERITY_CAP, whatever its rule.
 */
function severityOf(applied: EffectiveRule, evidence: object): Severity {
  if (applied.severity !== undefined) return applied.severity;
  const { severity } = applied.rule;
  const computed = typeof severity === "string" ? severity : severity.of(evidence, applied.thresholds);
  const partial = (evidence as { partial?: unknown }).partial === true;
  return partial && severityRank(computed) < severityRank(PARTIAL_SEVERITY_CAP) ? PARTIAL_SEVERITY_CAP : computed;
}

/** What a finding is tied to besides its own records: related resources, log evidence. */
interface Links {
  relations: ReadonlyMap<string, RelatedResource[]>;
  evidence: ReadonlyMap<string, LogEvidenceRecord>;
}

const evidenceKey = (r: Pick<LogEvidenceRecord, "account" | "region" | "resourceType" | "resourceId">) =>
  JSON.stringify([r.account, r.region, r.resourceType, r.resourceId]);

/** The log evidence gathered, by resource. */
function evidenceIndex(data: TriageData): Map<string, LogEvidenceRecord> {
  return new Map(data.logEvidence.flatMap((batch) => batch.records.map((r) => [evidenceKey(r), r] as const)));
}

/** The engine stamps what every finding shares, in the field order of the contract. */
function toFinding(applied: EffectiveRule, match: Match, observedAt: string, links: Links): Finding {
  const { rule, thresholds } = applied;
  const finding = {
    ruleId: rule.id,
    severity: severityOf(applied, match.evidence),
    title: rule.title(match.evidence, match.resource, thresholds, match.subject),
    resourceType: rule.resourceType,
    resourceId: match.resource.resourceId,
    arn: match.resource.arn,
    account: match.resource.account,
    region: match.resource.region,
    evidence: match.evidence as Record<string, unknown>,
    observedAt,
  };
  // `incident` and `role` are stamped by the grouping (incidents/attach.ts), after suppression.
  const withRelated = { ...finding, related: relatedTo(finding, links.relations) };
  const evidence = rule.logEvidence === true ? links.evidence.get(evidenceKey(withRelated)) : undefined;
  return evidence === undefined ? withRelated : { ...withRelated, logSignatures: evidence.signatures };
}

function applyRule(
  applied: EffectiveRule,
  data: TriageData,
  runtimes: CheckContext["runtimes"],
  links: Links,
): Finding[] {
  const findings: Finding[] = [];
  for (const batch of data[applied.rule.source]) {
    const ctx: CheckContext = { today: dayOf(batch.observedAt), thresholds: applied.thresholds, data, runtimes };
    for (const match of applied.rule.check(batch.records as never, ctx))
      findings.push(toFinding(applied, match, batch.observedAt, links));
  }
  return findings;
}

/** The suppression that covers `finding` on `today`, if any; one whose `until` has passed covers nothing. */
export function suppressionFor(
  finding: Finding,
  suppressions: readonly Suppression[],
  today: string,
): Suppression | undefined {
  return suppressions.find(
    (s) =>
      s.ruleId === finding.ruleId &&
      (s.resourceId === undefined || s.resourceId === finding.resourceId) &&
      (s.account === undefined || s.account === finding.account) &&
      (s.region === undefined || s.region === finding.region) &&
      (s.until === undefined || today <= s.until),
  );
}

/**
 * Runs every enabled rule. `today` decides which suppressions have expired: the day of the
 * analysis, since a suppression is a person's decision about now, not about the data.
 */
export function runRules(
  data: TriageData,
  settings: JudgementSettings = DEFAULT_SETTINGS,
  today: string = dayOf(new Date().toISOString()),
  rules: readonly AnyRule[] = RULES,
): Judgement {
  const runtimes = runtimeTable(settings.runtimes);
  const links = { relations: buildRelations(data), evidence: evidenceIndex(data) };
  const all = effectiveRules(settings, rules)
    .filter((applied) => applied.enabled)
    .flatMap((applied) => applyRule(applied, data, runtimes, links));
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of sortFindings(all)) {
    const by = suppressionFor(finding, settings.suppress, today);
    if (by === undefined) findings.push(finding);
    else suppressed.push({ ...finding, suppressedBy: { reason: by.reason, until: by.until ?? null } });
  }
  return { findings, suppressed };
}

/**
 * The config file's judgement over findings already made (another run's `--out`, for
 * `diff --fail-on`): a disabled rule's findings and suppressed ones leave, a configured
 * severity replaces the recorded one. Thresholds cannot be re-applied without the records.
 */
export function rejudge<F extends Finding>(findings: readonly F[], settings: JudgementSettings, today: string): F[] {
  return findings.flatMap((finding) => {
    const configured = settings.rules[finding.ruleId];
    if (configured?.enabled === false || suppressionFor(finding, settings.suppress, today) !== undefined) return [];
    return [configured?.severity === undefined ? finding : { ...finding, severity: configured.severity }];
  });
}
