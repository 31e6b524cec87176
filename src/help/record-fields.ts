/**
 * The fields of the records each command prints, for `--help` and for the reference in
 * docs/records.md. Each list is checked against its TypeScript record type when the project is
 * type-checked: a field added to (or removed from) a record type fails `npm run typecheck`
 * until it is listed here, so help, docs and code cannot drift. Type-only imports: nothing
 * here loads at run time but the lists themselves (`--help` stays cheap).
 */
import type { CacheEntry } from "../cache/entries.js";
import type { Finding, TimelineEvent } from "../records/index.js";
import type { DiffEntry } from "../rules/diff.js";
import type { RuleListing } from "../rules/listing.js";
import { fieldsOf, type RecordFields } from "./fields-of.js";
import { SERVICE_RECORD_FIELDS } from "./record-fields-services.js";

export type { RecordFields } from "./fields-of.js";

const FINDING_FIELDS = fieldsOf<Finding>()([
  "ruleId",
  "severity",
  "title",
  "resourceType",
  "resourceId",
  "arn",
  "account",
  "region",
  "evidence",
  "observedAt",
  "related",
  "since",
  "peakAt",
  "trend",
  "series",
  "logSignatures",
  "incident",
  "role",
  "changes",
]);

/** Keyed by the command as typed (`ec2 list`); commands that print no records are absent. */
export const RECORD_FIELDS: Readonly<Record<string, RecordFields>> = {
  ...SERVICE_RECORD_FIELDS,
  triage: { type: "Finding", fields: FINDING_FIELDS },
  timeline: {
    type: "TimelineEvent",
    fields: fieldsOf<TimelineEvent>()(["at", "kind", "resource", "summary", "evidence"]),
  },
  rules: {
    type: "RuleListing",
    fields: fieldsOf<RuleListing>()([
      "id",
      "defaultSeverity",
      "severityRule",
      "severity",
      "enabled",
      "resourceType",
      "sources",
      "triageSource",
      "summary",
      "thresholds",
    ]),
    note: "thresholds maps each name to {unit, default, value, description}",
  },
  diff: {
    type: "DiffEntry",
    fields: [...fieldsOf<Omit<DiffEntry, keyof Finding>>()(["change", "previousSeverity"]), ...FINDING_FIELDS],
    note: "change is new, resolved or unchanged",
  },
  "cache ls": {
    type: "CacheEntry",
    fields: fieldsOf<CacheEntry>()([
      "path",
      "script",
      "resource",
      "profile",
      "region",
      "account",
      "fetchedAt",
      "ageSeconds",
      "fresh",
      "items",
      "bytes",
      "error",
    ]),
  },
};
