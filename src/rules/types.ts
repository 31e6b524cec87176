/**
 * The shapes the rules share. A rule is a pure function: records of one kind, observed at one
 * moment, in; findings out. Nothing in a rule reads the clock or calls AWS, so the same cached
 * data always gives the same findings (`triage --offline`).
 */
import type {
  AlarmRecord,
  Finding,
  InstanceStatusRecord,
  LambdaFunctionRecord,
  LambdaMetricsRecord,
  LogGroupRecord,
  Severity,
} from "../records.js";

/** What a rule knows besides its records. */
export interface RuleContext {
  /** When the records were fetched (ISO-8601); every finding carries it as `observedAt`. */
  observedAt: string;
  /** The calendar day (YYYY-MM-DD, UTC) that date-based rules compare with. */
  today: string;
}

/** Records of one source in one region, all fetched at the same moment. */
export interface Batch<T> {
  observedAt: string;
  records: readonly T[];
}

/** Everything the rules look at; a source that was not fetched is an empty list. */
export interface TriageData {
  instanceStatuses: Batch<InstanceStatusRecord>[];
  functions: Batch<LambdaFunctionRecord>[];
  metrics: Batch<LambdaMetricsRecord>[];
  alarms: Batch<AlarmRecord>[];
  logGroups: Batch<LogGroupRecord>[];
}

export type RuleFn<T> = (records: readonly T[], ctx: RuleContext) => Finding[];

/** One rule and the data it reads; `severity` and `when` document it (README, `--help`). */
export interface RuleDefinition<K extends keyof TriageData = keyof TriageData> {
  id: string;
  input: K;
  severity: string;
  when: string;
  run: RuleFn<TriageData[K][number]["records"][number]>;
}

export type { Finding, Severity };
