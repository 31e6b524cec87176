/**
 * Every rule, in the order the README and `awstriage rules` list them. Adding a rule is a
 * declaration in its service's file (see rule.ts) and one line here.
 */
import { alarmActionsDisabled, alarmOrphaned, unmonitored } from "./alarm-coverage.js";
import { alarmFiring } from "./cloudwatch.js";
import { scheduledEvent, statusImpaired } from "./ec2.js";
import { deprecatedRuntime, durationNearTimeout, errors, throttles } from "./lambda.js";
import { concurrencyNearLimit, stateFailed } from "./lambda-health.js";
import { noRetention } from "./logs.js";
import { METRIC_RULES } from "./metric-health.js";
import type { AnyRule } from "./rule.js";

export const RULES: readonly AnyRule[] = [
  statusImpaired,
  scheduledEvent,
  errors,
  throttles,
  durationNearTimeout,
  deprecatedRuntime,
  unmonitored,
  stateFailed,
  concurrencyNearLimit,
  alarmFiring,
  alarmOrphaned,
  alarmActionsDisabled,
  noRetention,
  ...METRIC_RULES,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

export function ruleById(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
