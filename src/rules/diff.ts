/**
 * Compares two `--out` documents of `triage`: which findings are new, which are resolved,
 * which are unchanged. A finding's identity is rule + account + region + resource id
 * (`findingKey`): its title, evidence and severity may change between runs (more errors,
 * an alarm's reason) and it is still the same problem.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { SEVERITIES, type Finding, type Severity } from "../records/index.js";
import { compareFindings, findingKey, severityRank } from "./severity.js";

export const CHANGES = ["new", "resolved", "unchanged"] as const;
export type Change = (typeof CHANGES)[number];

/** A finding with what happened to it; `previousSeverity` is its severity in the old document (null when new). */
export type DiffEntry = { change: Change; previousSeverity: Severity | null } & Finding;

/** Loose: fields this version does not know (`related`, `accountLabel`, …) pass through to the diff. */
const findingSchema = z.looseObject({
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  arn: z.nullable(z.string()),
  account: z.nullable(z.string()),
  region: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  observedAt: z.string(),
});

const documentSchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.optional(z.string()),
  sources: z.optional(z.array(z.looseObject({ path: z.string(), fetchedAt: z.string() }))),
  findings: z.array(findingSchema),
});

/** Where a document's data came from: each cache entry and when it was fetched. */
export type DocumentSource = { path: string; fetchedAt: string };

export type ParsedDocument =
  | { ok: true; findings: Finding[]; generatedAt: string | null; sources: DocumentSource[] }
  | { ok: false; reason: string };

/** Parses the text of a `triage --out` document; the reason says what is wrong with it. */
export function parseFindingsDocument(text: string): ParsedDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not valid JSON" };
  }
  if (json !== null && typeof json === "object" && !Array.isArray(json) && !("findings" in json) && "records" in json) {
    return { ok: false, reason: "it has records, not findings: write it with `awstriage triage --out FILE`" };
  }
  // zod/mini, unlike zod, installs no message catalogue; zod's English one names what is wrong.
  const parsed = documentSchema.safeParse(json, { error: en().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not a triage --out document (${issue?.path.join(".") || "root"}: ${issue?.message})` };
  }
  return {
    ok: true,
    findings: parsed.data.findings as unknown as Finding[],
    generatedAt: parsed.data.generatedAt ?? null,
    sources: (parsed.data.sources ?? []).map(({ path, fetchedAt }) => ({ path, fetchedAt })),
  };
}

const CHANGE_ORDER: Record<Change, number> = { new: 0, resolved: 1, unchanged: 2 };

/** New first, then resolved, then unchanged; within each, the findings' own order. */
export function diffFindings(previous: readonly Finding[], current: readonly Finding[]): DiffEntry[] {
  const before = new Map(previous.map((f) => [findingKey(f), f]));
  const now = new Map(current.map((f) => [findingKey(f), f]));
  const entries: DiffEntry[] = [];
  for (const [key, finding] of now) {
    const old = before.get(key);
    entries.push({
      change: old === undefined ? "new" : "unchanged",
      previousSeverity: old?.severity ?? null,
      ...finding,
    });
  }
  for (const [key, finding] of before) {
    if (!now.has(key)) entries.push({ change: "resolved", previousSeverity: finding.severity, ...finding });
  }
  return entries.sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] || compareFindings(a, b));
}

export function countChanges(entries: readonly DiffEntry[]): Record<Change, number> {
  const counts: Record<Change, number> = { new: 0, resolved: 0, unchanged: 0 };
  for (const entry of entries) counts[entry.change] += 1;
  return counts;
}

/** Unchanged findings whose severity got worse (e.g. an error rate that crossed the threshold). */
export function worsened(entries: readonly DiffEntry[]): DiffEntry[] {
  return entries.filter(
    (e) =>
      e.change === "unchanged" &&
      e.previousSeverity !== null &&
      severityRank(e.severity) < severityRank(e.previousSeverity),
  );
}
