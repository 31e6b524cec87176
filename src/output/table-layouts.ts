/**
 * How each command's table gives way on a narrow terminal (README, "Tables on a terminal").
 *
 * `flex` columns hold free text (a message, a title, a reason, a path, a Name tag): they are
 * sized to what the terminal has left and cut with `…`. Every other column (ids, states,
 * numbers, dates) is kept whole; when those alone do not fit, whole columns are left out in
 * `drop` order, least important first. A table with no layout here (`--raw`, Insights rows)
 * treats every column as free text and leaves out its rightmost columns first.
 */
export interface TableLayout {
  flex?: readonly string[];
  drop?: readonly string[];
  /** A free-text column that is useless narrower than MIN_FLEX (a finding's title) says so here. */
  minWidth?: Readonly<Record<string, number>>;
  /**
   * A column whose text may span lines (a log message with its stack trace): the row shows its
   * first line, and each further line follows on its own line, indented under the column.
   */
  multiline?: string;
}

export const TABLE_LAYOUTS: Readonly<Record<string, TableLayout>> = {
  "ec2 list": {
    flex: ["name"],
    drop: ["subnetId", "vpcId", "launchTime", "availabilityZone", "publicIp", "instanceType", "privateIp", "region"],
  },
  "ec2 status": { flex: ["events"], drop: ["region"] },
  "lambda list": { drop: ["lastModified", "codeSize", "timeout", "memorySize", "region"] },
  "lambda metrics": {
    drop: ["timeoutMs", "durationMaxMs", "throttles", "region", "durationP99Ms", "invocations"],
  },
  "cloudwatch alarms": {
    flex: ["stateReason", "dimensions"],
    drop: ["namespace", "stateUpdatedAt", "dimensions", "metricName", "region"],
  },
  "cloudwatch metrics": { flex: ["dimensions"], drop: ["metricName", "stat", "region"] },
  "logs groups": { drop: ["createdAt", "storedBytes", "region"] },
  "logs search": { flex: ["message"], drop: ["logStreamName", "region"], multiline: "message" },
  "logs patterns": { flex: ["signature"], drop: ["lastAt", "firstAt", "region"] },
  "cache ls": {
    flex: ["error", "path"],
    drop: ["bytes", "account", "items", "ageSeconds", "path", "profile"],
  },
  whoami: { flex: ["arn"], drop: ["userId", "region", "profile"] },
  // The title names the resource and what is wrong: it keeps room before the rule id does.
  triage: { flex: ["title"], drop: ["ruleId", "region", "since"], minWidth: { title: 30 } },
  timeline: { flex: ["summary"], drop: ["resource"] },
  diff: { flex: ["title"], drop: ["ruleId", "region"], minWidth: { title: 30 } },
};
