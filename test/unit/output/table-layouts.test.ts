/**
 * Issue 25.1: every table command at 80 and 120 columns. The payload (the column the table is
 * for) gets at least half the width the first column (the id) leaves (a payload of numbers: all
 * it needs, whole); a table with no payload (an inventory, counts, Insights rows) fits. The
 * incident view of `triage` is in incidents-table.test.ts, `triage --watch` in watch-view.test.ts.
 * Repeating identifiers
 * shrink or go first; rates read as percentages; empty columns are left out; `lambda metrics`
 * leads with the functions in trouble.
 */
import { describe, expect, it } from "vitest";
import { CACHE_ENTRY_COLUMNS } from "../../../src/cache/entries.js";
import { PATTERN_COLUMNS } from "../../../src/commands/logs-patterns.js";
import { HEALTH_COLUMNS } from "../../../src/health/evaluate.js";
import { ALARM_COLUMNS, DATAPOINT_COLUMNS } from "../../../src/normalize/cloudwatch.js";
import { INSTANCE_COLUMNS, INSTANCE_STATUS_COLUMNS } from "../../../src/normalize/ec2.js";
import { FUNCTION_COLUMNS, LAMBDA_METRICS_COLUMNS } from "../../../src/normalize/lambda.js";
import { LOG_EVENT_COLUMNS, LOG_GROUP_COLUMNS } from "../../../src/normalize/logs.js";
import { renderDiffTable, renderFindingsTable } from "../../../src/output/findings-table.js";
import { renderTable } from "../../../src/output/format.js";
import { BY_RESOURCE } from "../../../src/commands/triage.js";
import { PLAIN_VIEW, type TableView } from "../../../src/output/table-fit.js";
import { sweepLayout, TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { withAccountColumns } from "../../../src/sweep/sweep.js";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { WHOAMI_COLUMNS } from "../../../src/sources/sts.js";
import { RESOURCE_ROW_COLUMNS } from "../../../src/triage/by-resource.js";
import { ACCOUNT_ROW_COLUMNS } from "../../../src/triage/by-account.js";
import { RULE_LISTING_COLUMNS } from "../../../src/rules/listing.js";
import { TIMELINE_COLUMNS } from "../../../src/timeline/events.js";
import { finding } from "../../helpers/records.js";

const view = (width: number): TableView => ({ ...PLAIN_VIEW, width });
const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");
const LONG = "ERROR payment declined for order 4711: upstream timed out after 30000 ms ".repeat(3);

/** A plausible value for any column: realistic widths, the payload long. */
function value(column: string, payload: readonly string[], row: number): unknown {
  if (payload.includes(column)) return `${row} ${LONG}`;
  const values: Record<string, unknown> = {
    region: "eu-west-1",
    timestamp: "2026-12-07T03:55:48.123Z",
    logStreamName: "2026/12/07/[$LATEST]0123456789abcdef0123456789abcdef",
    stateValue: "ALARM",
    stateUpdatedAt: "2026-12-07T03:55:48.123Z",
    instanceId: "i-0123456789abcdef0",
    functionName: `checkout-api-${row}`,
    alarmName: `checkout-5xx-${row}`,
    durationP99Ms: null,
    errors: 59,
    errorRate: 0.06392857142857143,
    at: "2026-12-07T03:55:48.123Z",
    id: "cloudwatch.alarm-actions-disabled",
    thresholds: "errorRateHigh=0.05 (default 0.1)",
    account: "123456789012",
    accountLabel: "payments-prod",
  };
  return values[column] ?? `${column.slice(0, 8)}-${row}`;
}

const TABLES: ReadonlyArray<[command: string, columns: readonly string[]]> = [
  ["ec2 list", INSTANCE_COLUMNS],
  ["ec2 status", INSTANCE_STATUS_COLUMNS],
  ["lambda list", FUNCTION_COLUMNS],
  ["lambda metrics", LAMBDA_METRICS_COLUMNS],
  ["cloudwatch alarms", ALARM_COLUMNS],
  ["cloudwatch metrics", DATAPOINT_COLUMNS],
  ["cloudwatch health", HEALTH_COLUMNS],
  ["logs groups", LOG_GROUP_COLUMNS],
  ["logs search", LOG_EVENT_COLUMNS],
  ["logs tail", LOG_EVENT_COLUMNS],
  ["logs patterns", PATTERN_COLUMNS],
  ["cache ls", CACHE_ENTRY_COLUMNS],
  ["whoami", WHOAMI_COLUMNS],
  ["triage --by resource", RESOURCE_ROW_COLUMNS],
  ["triage --by account", ACCOUNT_ROW_COLUMNS],
  ["timeline", TIMELINE_COLUMNS],
  ["rules", RULE_LISTING_COLUMNS],
  // Keyed by the query's fields: no layout, the rightmost columns go first.
  ["logs insights", ["@timestamp", "@logStream", "@message", "region"]],
];

/** The display width each header's column spans in a rendered table (up to the next header). */
function spans(table: string, indent = 0): Map<string, { start: number; width: number }> {
  const [header = "", ...rest] = lines(table);
  const widest = Math.max(...[header, ...rest].map(displayWidth));
  const starts = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index ?? 0 }));
  return new Map(
    starts.map(({ name, start }, k) => [
      name,
      { start, width: (starts[k + 1]?.start ?? widest + 2) - start - 2 - (k === 0 ? indent : 0) },
    ]),
  );
}

function expectPayloadShare(table: string, payload: readonly string[], width: number, indent = 0): void {
  for (const line of lines(table)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
  const columns = spans(table, indent);
  const [id] = [...columns.values()];
  const left = width - indent - (id?.width ?? 0) - 2;
  const got = payload.reduce((sum, name) => sum + (columns.get(name)?.width ?? 0), 0);
  expect(got, `payload ${payload.join(",")} at ${width}: ${[...columns.keys()].join(" ")}`).toBeGreaterThanOrEqual(
    Math.floor(left / 2),
  );
}

describe.each([80, 120])("every table at %i columns", (width) => {
  it.each(TABLES)("%s fits, and its payload gets at least half of what the id leaves", (command, columns) => {
    const layout = TABLE_LAYOUTS[command];
    const payload = layout?.payload ?? [];
    const text = payload.filter((c) => layout?.flex?.includes(c));
    const all = withAccountColumns(columns);
    const records = [0, 1, 2].map((row) => Object.fromEntries(all.map((c) => [c, value(c, text, row)])));
    const table = renderTable(records, columns, { layout, view: view(width) });
    for (const line of lines(table)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    if (text.length > 0) expectPayloadShare(table, payload, width);
    // In a sweep (--profiles, --accounts) the account and its label lead; the payload is never left
    // out, and gets its half where the account id and the command's id leave room (120 columns).
    const swept = renderTable(records, all, { layout: sweepLayout(layout), view: view(width) });
    for (const line of lines(swept)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    for (const name of payload) expect(lines(swept)[0], name).toMatch(new RegExp(`(^|\\s)${name}(\\s|$)`));
    if (text.length > 0 && width >= 120) expectPayloadShare(swept, payload, width);
    if (payload.length === 0) return;
    if (text.length === 0) {
      // Numbers are the payload: shown, and whole.
      for (const name of payload) expect(lines(table)[0], name).toMatch(new RegExp(`\\b${name}\\b`));
      expect(table).not.toContain("…");
    }
  });

  /** Findings tables have group labels, no header: the rule id is the first field of a row, the title the last. */
  const expectTitleShare = (table: string) => {
    for (const line of lines(table)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    for (const row of lines(table).filter((l) => l.startsWith("  "))) {
      const fields = row.trim().split(/ {2,}/);
      const idWidth = row.indexOf(fields[1] ?? "") - 2 - 2;
      const left = width - 2 - idWidth - 2;
      expect(displayWidth(fields[fields.length - 1] ?? ""), row).toBeGreaterThanOrEqual(Math.floor(left / 2));
    }
  };

  it("triage --by resource, as triage presents it: the signals get at least half of what the id leaves", () => {
    const findings = ["checkout-api", "orders-worker-with-a-long-name"].flatMap((resourceId) => [
      finding({
        ruleId: "lambda.errors",
        severity: "high",
        resourceType: "lambda:function",
        resourceId,
        title: `Function ${resourceId}: ${LONG}`,
      }),
      finding({
        ruleId: "lambda.throttles",
        severity: "medium",
        resourceType: "lambda:function",
        resourceId,
        title: `Function ${resourceId}: 3 throttled invocations`,
      }),
    ]);
    const rows = BY_RESOURCE.rows(findings, []);
    const table = renderTable(rows as object[], BY_RESOURCE.columns, { layout: BY_RESOURCE.layout, view: view(width) });
    expectPayloadShare(table, ["signals"], width);
    // The resource names stay readable beside them (cut, never left out).
    expect(lines(table)[0]).toMatch(/\bresource\b/);
  });

  it("triage and diff give the title its share, and keep the rule id (cut if need be)", () => {
    const findings = ["cloudwatch.alarm-firing", "cloudwatch.alarm-insufficient-data"].map((ruleId) =>
      finding({ ruleId, resourceId: "checkout-5xx", title: LONG }),
    );
    const triage = renderFindingsTable(findings, view(width));
    expectTitleShare(triage.split("\n\n")[0] ?? "");
    const rows = lines(triage).filter((l) => l.includes("checkout-5xx"));
    // Two findings about one alarm stay told apart by their rule.
    expect(new Set(rows.map((r) => r.trim().split(/\s+/)[0])).size).toBe(2);
    const diff = renderDiffTable(
      findings.map((f) => ({ ...f, change: "new", previousSeverity: null })),
      view(width),
    );
    expectTitleShare(diff.split("\n\n")[0] ?? "");
  });
});

describe("a reader's columns", () => {
  it("logs search: the stream name shrinks before the message does", () => {
    const records = [0, 1].map((row) =>
      Object.fromEntries(LOG_EVENT_COLUMNS.map((c) => [c, value(c, ["message"], row)])),
    );
    const table = renderTable(records, LOG_EVENT_COLUMNS, { layout: TABLE_LAYOUTS["logs search"], view: view(80) });
    expect(table).not.toContain("[$LATEST]0123456789abcdef0123456789abcdef");
    expect(spans(table).get("message")?.width).toBeGreaterThan(25);
  });

  it("cloudwatch alarms at 80: the state and its time stay, the namespace goes first", () => {
    const records = [0, 1].map((row) =>
      Object.fromEntries(ALARM_COLUMNS.map((c) => [c, value(c, ["stateReason"], row)])),
    );
    const table = renderTable(records, ALARM_COLUMNS, { layout: TABLE_LAYOUTS["cloudwatch alarms"], view: view(80) });
    const header = lines(table)[0] ?? "";
    expect(header).toMatch(/stateValue +stateUpdatedAt/);
    expect(header).not.toMatch(/\bnamespace\b/);
  });

  it("lambda metrics: errors first, then throttles; rates as percentages; an empty p99 column left out", () => {
    const fn = (functionName: string, errors: number, throttles: number, errorRate: number | null) => ({
      functionName,
      invocations: 1000,
      errors,
      throttles,
      errorRate,
      durationMaxMs: 2900,
      durationP99Ms: null,
      timeoutMs: 3000,
      region: "eu-west-1",
    });
    const records = [
      fn("alpha", 0, 0, 0),
      fn("billing", 59, 0, 0.06392857142857143),
      fn("cart", 0, 7, null),
      fn("dash", 59, 3, 0.059),
    ];
    const table = renderTable(records, LAMBDA_METRICS_COLUMNS, {
      layout: TABLE_LAYOUTS["lambda metrics"],
      view: view(80),
    });
    expect(
      lines(table)
        .slice(1)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(["dash", "billing", "cart", "alpha"]);
    expect(table).toContain("6.4%");
    expect(table).not.toContain("0.0639");
    expect(lines(table)[0]).not.toContain("durationP99Ms");
    expect(lines(table)[0]).toContain("durationMaxMs");
    // --wide and pipes keep every column.
    expect(renderTable(records, LAMBDA_METRICS_COLUMNS, { layout: TABLE_LAYOUTS["lambda metrics"] })).toContain(
      "durationP99Ms",
    );
  });

  it("logs patterns: a signature's share reads as a percentage, not a 17-digit fraction", () => {
    const records = [40, 20].map((count) => ({ signature: `sig${count} <n>`, count, share: count / 66, region: "r" }));
    const table = renderTable(records, PATTERN_COLUMNS, { layout: TABLE_LAYOUTS["logs patterns"], view: view(80) });
    expect(lines(table).slice(1)).toEqual(["40     61%    sig40 <n>  r", "20     30%    sig20 <n>  r"]);
  });
});
