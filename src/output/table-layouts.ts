/**
 * How each command's table gives way on a narrow terminal (README, "Tables on a terminal"),
 * by what a reader at 3 a.m. needs from it.
 *
 * `payload` is what the table is for (a log message, a finding's title, an alarm's state,
 * since when and why): it is never left out and gets at least half of what the first column
 * (the id) leaves; other columns are cut or left out before it is. `flex` columns hold free
 * text (a stream name, a Name tag, dimensions, and the payload's text): they are cut with `…`,
 * the payload's last. Every other
 * column (ids, states, numbers, dates) is kept whole; when those alone do not fit, whole
 * columns are left out in `drop` order, least important first (the region column is left
 * out anyway when one region is in play). A table with no layout here (`--raw`, Insights rows) treats every
 * column as free text and leaves out its rightmost columns first. Columns with no value in
 * any row are left out on a terminal (`--wide` keeps them).
 */
import { percent } from "./percent.js";

export interface TableLayout {
  payload?: readonly string[];
  flex?: readonly string[];
  drop?: readonly string[];
  /** A free-text column that is useless narrower than MIN_FLEX (a finding's title) says so here. */
  minWidth?: Readonly<Record<string, number>>;
  /**
   * How a column's values read in a table (JSON keeps the raw number): `errorRate` as `6.4%`.
   * The record is there for a column whose unit depends on the row (a rate among other values).
   */
  cells?: Readonly<Record<string, (value: unknown, record: Readonly<Record<string, unknown>>) => string>>;
  /** The order a person wants the rows in (JSON keeps the command's own order). */
  order?: (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>) => number;
  /**
   * A column whose text may span lines (a log message with its stack trace): the row shows its
   * first line, and each further line follows on its own line, indented under the column.
   */
  multiline?: string;
}

/**
 * Scheduled events as a person reads them: what, from when, and a `[Completed]`/`[Canceled]`
 * mark AWS puts at the start of the description (`instance-stop 2015-05-23T00:00Z;
 * [Completed] system-reboot 2019-01-29T09:00Z`), not every field by name.
 */
export function eventsCell(value: unknown): string {
  if (!Array.isArray(value)) return typeof value === "string" ? value : "-";
  if (value.length === 0) return "-";
  return value
    .map((e: Record<string, unknown>) => {
      const mark = typeof e.description === "string" ? (/^\[[^\]]*\]/.exec(e.description)?.[0] ?? "") : "";
      const from = typeof e.notBefore === "string" ? e.notBefore.replace(/:\d\d(\.\d+)?Z$/, "Z") : "";
      return [mark, String(e.code ?? "?"), from].filter((t) => t !== "").join(" ");
    })
    .join("; ");
}

const count = (value: unknown): number => (typeof value === "number" ? value : -1);
/** Most errors first, then most throttles: the functions in trouble lead. */
const byErrorsThenThrottles: TableLayout["order"] = (a, b) =>
  count(b.errors) - count(a.errors) || count(b.throttles) - count(a.throttles);

/** A rate (`stat` is `rate`) reads as a percentage, beside times and counts that read as they are. */
const rateOrNumber = (value: unknown, record: Readonly<Record<string, unknown>>) =>
  record.stat === "rate" ? percent(value) : String(value);

const FINDINGS: TableLayout = {
  // When a metric problem began is read with what it is (issue 23: sparklines at 80 columns).
  payload: ["since", "title"],
  // The rule id tells two findings about one resource apart: it is cut before it goes.
  flex: ["ruleId", "title"],
  // `since` (triage: when a metric problem began) outlasts the rule id and the region.
  drop: ["region", "ruleId", "since"],
  minWidth: { title: 30, ruleId: 14 },
};

export const TABLE_LAYOUTS: Readonly<Record<string, TableLayout>> = {
  "ec2 list": {
    payload: ["name"],
    flex: ["name"],
    drop: ["subnetId", "vpcId", "launchTime", "availabilityZone", "publicIp", "instanceType", "privateIp", "region"],
  },
  "ec2 status": { payload: ["events"], flex: ["events"], drop: ["state", "region"], cells: { events: eventsCell } },
  "lambda list": { drop: ["lastModified", "codeSize", "timeout", "memorySize", "region"] },
  "lambda metrics": {
    // The functions in trouble: their errors and the rate (numbers, kept whole, never left out).
    payload: ["errors", "errorRate"],
    drop: ["timeoutMs", "durationP99Ms", "invocations", "region", "durationMaxMs", "throttles", "errorSeries"],
    cells: { errorRate: percent },
    order: byErrorsThenThrottles,
  },
  "cloudwatch alarms": {
    // The state and since when, then why: the reason takes what is left.
    payload: ["stateValue", "stateUpdatedAt", "stateReason"],
    flex: ["dimensions", "stateReason"],
    drop: ["namespace", "dimensions", "metricName", "region"],
  },
  // How close to its threshold each measurement is: the numbers and the verdict stay whole.
  "cloudwatch health": {
    payload: ["value", "threshold", "breached"],
    flex: ["metric"],
    drop: ["resourceType", "stat", "region"],
    // Which measurement it is outlasts the resource's type.
    minWidth: { metric: 24 },
    cells: { value: rateOrNumber, threshold: rateOrNumber },
  },
  "cloudwatch metrics": { flex: ["dimensions"], drop: ["metricName", "stat", "region"] },
  "logs groups": { drop: ["createdAt", "storedBytes", "region"] },
  // A stream name repeats from line to line: it shrinks, then goes, before the message does.
  "logs search": {
    payload: ["message"],
    flex: ["logStreamName", "message"],
    drop: ["logStreamName", "region"],
    multiline: "message",
  },
  "logs tail": {
    payload: ["message"],
    flex: ["logStreamName", "message"],
    drop: ["logStreamName", "region"],
    multiline: "message",
  },
  "logs patterns": {
    payload: ["signature"],
    flex: ["signature"],
    drop: ["lastAt", "firstAt", "region"],
    cells: { share: percent },
  },
  // What `cache ls` is for: each entry's age and whether it is fresh; the path goes before the age.
  "cache ls": {
    flex: ["error", "path"],
    drop: ["bytes", "account", "items", "path", "profile", "ageSeconds"],
  },
  whoami: { payload: ["arn"], flex: ["arn"], drop: ["userId", "region", "profile"] },
  triage: FINDINGS,
  timeline: { payload: ["summary"], flex: ["summary"], drop: ["resource"] },
  // What a rule judges, beside its id and severity; the thresholds in effect are cut before they go.
  rules: {
    payload: ["summary"],
    flex: ["thresholds", "summary"],
    drop: ["triageSource", "thresholds", "enabled"],
    minWidth: { thresholds: 20 },
  },
  diff: FINDINGS,
  // A resource's name cut short can read as another's (`orders-handler…` for the alarm
  // orders-handler-errors): its type is left out before the name is cut that far.
  "triage --by resource": {
    payload: ["signals"],
    flex: ["resource", "signals"],
    drop: ["region", "resourceType"],
    minWidth: { resource: 32 },
  },
};

/**
 * A sweep's table (`--profiles`, `--accounts`): the account and its label lead. The account
 * is an id, kept whole; the label is free text, cut first and, when the payload still lacks its
 * half, left out after every column the command's layout leaves out. The rest is the command's.
 */
export function sweepLayout(layout: TableLayout | undefined): TableLayout | undefined {
  if (layout === undefined) return undefined;
  return { ...layout, flex: ["accountLabel", ...(layout.flex ?? [])], drop: [...(layout.drop ?? []), "accountLabel"] };
}
