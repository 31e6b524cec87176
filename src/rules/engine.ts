/**
 * The rules engine: every rule over every batch of its records, then one deterministic order.
 * Pure: the caller hands in the records with the moment each batch was fetched.
 */
import type { LambdaFunctionRecord, LambdaMetricsRecord } from "../records.js";
import { statusImpaired, scheduledEvent } from "./ec2.js";
import {
  deprecatedRuntime,
  durationNearTimeout,
  errors,
  throttles,
  percent,
  ERROR_RATE_HIGH,
  DURATION_TIMEOUT_SHARE,
} from "./lambda.js";
import { alarmFiring } from "./cloudwatch.js";
import { noRetention } from "./logs.js";
import { sortFindings } from "./severity.js";
import type { Batch, Finding, RuleContext, RuleDefinition, TriageData } from "./types.js";

/** A rule with its input kind erased, so the registry is one list. */
interface RegisteredRule {
  id: string;
  input: keyof TriageData;
  severity: string;
  when: string;
  apply(data: TriageData): Finding[];
}

function defineRule<K extends keyof TriageData>(rule: RuleDefinition<K>): RegisteredRule {
  return {
    id: rule.id,
    input: rule.input,
    severity: rule.severity,
    when: rule.when,
    apply: (data) =>
      (data[rule.input] as Batch<TriageData[K][number]["records"][number]>[]).flatMap((batch) =>
        rule.run(batch.records, contextOf(batch.observedAt)),
      ),
  };
}

/**
 * Date rules compare with the day the data was fetched, not the day of the analysis, so
 * re-analysing a cache gives the findings of the moment it describes, byte for byte.
 */
export function contextOf(observedAt: string): RuleContext {
  return { observedAt, today: observedAt.slice(0, 10) };
}

/** The starting rules of DESIGN.md, in the order the README lists them. */
export const RULES: readonly RegisteredRule[] = [
  defineRule({
    id: "ec2.status-impaired",
    input: "instanceStatuses",
    severity: "high",
    when: "system or instance status check impaired",
    run: statusImpaired,
  }),
  defineRule({
    id: "ec2.scheduled-event",
    input: "instanceStatuses",
    severity: "medium",
    when: "an instance has a scheduled event that has not completed (retirement, reboot, maintenance)",
    run: scheduledEvent,
  }),
  defineRule({
    id: "lambda.errors",
    input: "metrics",
    severity: `high if error rate ≥ ${percent(ERROR_RATE_HIGH)}, else medium`,
    when: "Errors > 0 in the --since window",
    run: errors,
  }),
  defineRule({
    id: "lambda.throttles",
    input: "metrics",
    severity: "medium",
    when: "Throttles > 0 in the --since window",
    run: throttles,
  }),
  defineRule({
    id: "lambda.duration-near-timeout",
    input: "metrics",
    severity: "high",
    when: `max Duration ≥ ${percent(DURATION_TIMEOUT_SHARE)} of the function's timeout`,
    run: durationNearTimeout,
  }),
  defineRule({
    id: "lambda.deprecated-runtime",
    input: "functions",
    severity: "medium",
    when: "the runtime's AWS deprecation date is on or before the day the function list was fetched",
    run: deprecatedRuntime,
  }),
  defineRule({
    id: "cloudwatch.alarm-firing",
    input: "alarms",
    severity: "high in ALARM, low in INSUFFICIENT_DATA",
    when: "the alarm is not OK",
    run: alarmFiring,
  }),
  defineRule({
    id: "logs.no-retention",
    input: "logGroups",
    severity: "low",
    when: "the log group never expires (no retention set)",
    run: noRetention,
  }),
];

export function emptyTriageData(): TriageData {
  return { instanceStatuses: [], functions: [], metrics: [], alarms: [], logGroups: [] };
}

const functionKey = (account: string | null, region: string, name: string) => JSON.stringify([account, region, name]);

/**
 * Metrics records carry the function's timeout; where one does not (its list was fetched
 * separately), take it from the function list of the same account and region.
 */
export function withTimeouts(
  metrics: Batch<LambdaMetricsRecord>[],
  functions: Batch<LambdaFunctionRecord>[],
): Batch<LambdaMetricsRecord>[] {
  const timeouts = new Map<string, number>();
  for (const batch of functions) {
    for (const f of batch.records)
      if (f.timeout !== null) timeouts.set(functionKey(f.account, f.region, f.functionName), f.timeout * 1000);
  }
  if (timeouts.size === 0) return metrics;
  return metrics.map((batch) => ({
    observedAt: batch.observedAt,
    records: batch.records.map((m) =>
      m.timeoutMs !== null
        ? m
        : { ...m, timeoutMs: timeouts.get(functionKey(m.account, m.region, m.functionName)) ?? null },
    ),
  }));
}

/** A finding with its fields in the order of DESIGN.md, whatever order its rule built them in. */
function canonical(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    arn: f.arn,
    account: f.account,
    region: f.region,
    evidence: f.evidence,
    observedAt: f.observedAt,
  };
}

/** Runs every rule and returns the findings in their one deterministic order, byte for byte. */
export function runRules(data: TriageData, rules: readonly RegisteredRule[] = RULES): Finding[] {
  const joined: TriageData = { ...data, metrics: withTimeouts(data.metrics, data.functions) };
  return sortFindings(rules.flatMap((rule) => rule.apply(joined)).map(canonical));
}
