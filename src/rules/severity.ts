/** Severities in order (critical first), `--fail-on`, and the order findings are printed in. */
import * as z from "zod/mini";
import { SEVERITIES, type Finding, type Severity } from "../records/index.js";
import { ExitCode } from "../errors/errors.js";
import { compareText } from "../normalize/order.js";

export { SEVERITIES, type Severity };

/** 0 for critical … 4 for info: lower is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** `--fail-on` as a zod schema, so each command validates it with its other options. */
export const severityOption = z.optional(z.enum(SEVERITIES, `--fail-on must be one of ${SEVERITIES.join(", ")}`));

/** The findings of severity `threshold` or worse. */
export function atOrWorse<F extends Pick<Finding, "severity">>(findings: readonly F[], threshold: Severity): F[] {
  const limit = severityRank(threshold);
  return findings.filter((f) => severityRank(f.severity) <= limit);
}

/** Exit 6 when a finding of severity `threshold` or worse exists; 0 without a threshold. */
export function failOnExitCode(
  findings: readonly Pick<Finding, "severity">[],
  threshold: Severity | undefined,
): number {
  if (threshold === undefined) return ExitCode.ok;
  return atOrWorse(findings, threshold).length > 0 ? ExitCode.failOn : ExitCode.ok;
}

const byText = (a: string | null, b: string | null) => compareText(a ?? "", b ?? "");

/**
 * Severity (worst first), then rule, then resource (id, region, account). Plain code-unit
 * comparison (compareText), not locale-aware, so the JSON is byte-identical on every machine.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    byText(a.ruleId, b.ruleId) ||
    byText(a.resourceId, b.resourceId) ||
    byText(a.region, b.region) ||
    byText(a.account, b.account)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** What makes two findings "the same problem" across runs: rule, account, region and resource. */
export function findingKey(f: Pick<Finding, "ruleId" | "account" | "region" | "resourceId">): string {
  return JSON.stringify([f.ruleId, f.account ?? null, f.region, f.resourceId]);
}
