/**
 * Issue 25: the incident view of `triage` at 80, 120 and 200 columns. Where the identifiers
 * and half of the line do not both fit, every row stacks (identifiers whole on the row's line,
 * the onset and title under it); where they do, one line per row, the payload (onset and title)
 * taking at least half of the line and the onset never cut.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/records/index.js";
import { renderIncidentsTable } from "../../../src/output/incidents-table.js";
import { PLAIN_VIEW, type TableView } from "../../../src/output/table-fit.js";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { finding } from "../../helpers/records.js";

const NOW = Date.parse("2026-12-07T04:00:00.000Z");
const view = (width: number | undefined, extra: Partial<TableView> = {}): TableView => ({
  ...PLAIN_VIEW,
  width,
  now: NOW,
  unicode: true,
  ...extra,
});
const series = (values: number[]) =>
  values.map((value, i) => ({ at: new Date(NOW - (values.length - i) * 600_000).toISOString(), value }));

/** Two incidents in two regions, metric findings with series among them, an alarm as a signal, one hygiene finding. */
function outage(title = (t: string) => t): Finding[] {
  const metric = (f: Partial<Finding>, since: string, trend: Finding["trend"]): Finding =>
    finding({ severity: "high", since, trend, series: series([0, 1, 2, 8, 9, 9, 7]), ...f });
  return [
    metric(
      {
        ruleId: "apigw.5xx-rate",
        resourceType: "apigateway:api",
        resourceId: "orders-api",
        title: title("API orders-api: 8% of requests answered 5XX"),
        incident: "i-orders",
        role: "entry",
      },
      "2026-12-07T03:48:00.000Z",
      "rising",
    ),
    finding({
      ruleId: "cloudwatch.alarm-firing",
      severity: "high",
      resourceType: "cloudwatch:alarm",
      resourceId: "orders-api-5xx",
      title: "Alarm orders-api-5xx is ALARM",
      incident: "i-orders",
      role: "entry",
    }),
    metric(
      {
        ruleId: "lambda.concurrency-near-limit",
        resourceType: "lambda:account",
        resourceId: "account",
        title: title("Lambda: 980 concurrent of the 1000 limit"),
        incident: "i-orders",
        role: "suspected-cause",
      },
      "2026-12-07T03:40:00.000Z",
      "steady",
    ),
    metric(
      {
        ruleId: "alb.unhealthy-hosts",
        resourceType: "elasticloadbalancing:targetgroup",
        resourceId: "targetgroup/web-tg/8064437faaa4eae9",
        region: "eu-west-1",
        title: title("Target group web-tg: no healthy host left"),
        incident: "i-web",
        role: "suspected-cause",
      },
      "2026-12-07T02:40:00.000Z",
      "recovering",
    ),
    finding({
      resourceId: "/aws/lambda/orders-handler",
      region: "eu-west-1",
      title: "Log group /aws/lambda/orders-handler never expires",
      incident: null,
    }),
  ];
}

const ONSETS = ["▁▂▃▇██▆ rising since 12m", "▁▂▃▇██▆ steady since 20m", "▁▂▃▇██▆ recovering since 1h20m"];
const IDS = ["orders-api", "lambda.concurrency-near-limit", "targetgroup/web-tg/8064437faaa4eae9", "eu-west-1"];

const body = (text: string) => text.split("\n\n")[0]?.split("\n") ?? [];
/** A row's line names its rule; a stacked payload line never does. */
const RULE = /\b(?:apigw|cloudwatch|lambda|alb|logs)\.[a-z0-9-]+/;
const rows = (text: string) => body(text).filter((l) => RULE.test(l));

describe.each([80, 120])("the incident view at %i columns", (width) => {
  const text = renderIncidentsTable(outage(), view(width));

  it("fits, and stacks every row: identifiers on the row's line, onset and title whole under it", () => {
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    for (const onset of ONSETS) expect(text).toContain(onset);
    for (const f of outage()) expect(text, f.title).toContain(f.title);
    // At 120 every identifier is whole; at 80 four identifier columns cannot all be: the widest give way, the role and region stay whole.
    if (width === 120) for (const id of IDS) expect(text).toContain(id);
    const cut = rows(text).flatMap((row) => [...row.matchAll(/\S+…/g)].map((m) => m[0]));
    for (const c of cut) expect(displayWidth(c), c).toBeGreaterThanOrEqual(20);
    for (const row of rows(text)) expect(row).toMatch(/ {2}(?:us-east-1|eu-west-1)$/);
    expect(text).toContain("  suspected-cause  ");
    // Each row's line (the role, or an empty one for hygiene) is followed by its payload, four in.
    const lines = body(text);
    for (const row of rows(text)) {
      const next = lines[lines.indexOf(row) + 1] ?? "";
      expect(next, row).toMatch(/^ {4}\S/);
      expect(row).not.toMatch(/since|ALARM|never expires/);
    }
    expect(rows(text)).toHaveLength(5);
  });

  it("aligns the titles of the rows with an onset after it; a row without one starts at the indent", () => {
    const payloads = body(text).filter((l) => /^ {4}[▁▂▃▄▅▆▇█]/.test(l));
    expect(payloads).toHaveLength(3);
    const starts = new Set(payloads.map((l) => l.slice(4).search(/(?<= {2})\S/)));
    expect(starts.size).toBe(1);
    expect(body(text)).toContain("    Alarm orders-api-5xx is ALARM");
  });
});

describe("the incident view at 200 columns", () => {
  const width = 200;

  it("keeps one line per row: identifiers and onset whole, the payload at least half of the line", () => {
    const text = renderIncidentsTable(outage(), view(width));
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    expect(text).not.toContain("…");
    const timedRows = rows(text).filter((l) => /[▁▂▃▄▅▆▇█]/.test(l));
    expect(timedRows).toHaveLength(3);
    for (const row of timedRows) {
      const start = displayWidth(row.slice(0, row.search(/[▁▂▃▄▅▆▇█]/)));
      expect(width - start, row).toBeGreaterThanOrEqual(Math.floor((width - 2) / 2));
    }
    for (const onset of ONSETS) expect(text).toContain(onset);
    expect(text).toMatch(/targetgroup\/web-tg\/8064437faaa4eae9 +eu-west-1 +▁▂▃▇██▆ recovering since 1h20m +Target/);
  });

  it("cuts a long title, never the onset or an identifier", () => {
    const long = (t: string) => `${t}: ${"upstream timed out after 30000 ms; ".repeat(6)}`;
    const text = renderIncidentsTable(outage(long), view(width));
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    for (const onset of ONSETS) expect(text).toContain(onset);
    for (const id of IDS) expect(text).toContain(id);
    const cut = rows(text).filter((l) => l.endsWith("…"));
    expect(cut).toHaveLength(3);
    for (const row of cut) expect(displayWidth(row)).toBe(width);
  });
});

describe("the incident view off a terminal and with --wide", () => {
  it("stays one line per row: a pipe cuts the title only, --wide nothing", () => {
    const long = (t: string) => `${t} ${"x".repeat(80)}`;
    const piped = renderIncidentsTable(outage(long), view(undefined));
    expect(rows(piped)).toHaveLength(5);
    expect(piped).toContain("targetgroup/web-tg/8064437faaa4eae9");
    expect(body(piped).filter((l) => l.startsWith("    ") && !RULE.test(l))).toEqual([]);
    const wide = renderIncidentsTable(outage(long), view(80, { wide: true }));
    expect(rows(wide).filter((r) => r.includes("…"))).toEqual([]);
    expect(wide).toContain(long("Target group web-tg: no healthy host left"));
    expect(rows(piped).filter((r) => r.endsWith("…"))).toHaveLength(3);
  });

  it("stacks at a narrow width and still fits every line", () => {
    const text = renderIncidentsTable(outage(), view(50));
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(50);
    expect(text).toContain("\n  suspected-cause  ");
    expect(text).toContain("\n    ▁");
  });
});

describe("a stacked row's long title", () => {
  const titled = (extra: string) => (t: string) => `${t}: ${extra}`;
  /** The payload lines under each row (the title's first line and its continuations), by row. */
  const payloads = (text: string) => {
    const out: string[][] = [];
    for (const line of body(text)) {
      if (RULE.test(line)) out.push([]);
      else if (line.startsWith("    ")) out.at(-1)?.push(line);
    }
    return out;
  };

  it("wraps under itself at 80 columns, every word kept, rather than losing its numbers", () => {
    const extra = "upstream timed out after 30000 ms in 412 of 5150 requests (8%)";
    const findings = outage(titled(extra)).map((f) =>
      f.incident === null ? { ...f, title: `${f.title} (created by a stack that is gone; 4.2 GB stored)` } : f,
    );
    const text = renderIncidentsTable(findings, view(80));
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    for (const lines of payloads(text)) for (const line of lines) expect(line).not.toContain("…");
    const api = payloads(text)[0] ?? [];
    expect(api.length).toBeGreaterThan(1);
    expect(api.map((l) => l.trim()).join(" ")).toContain(`API orders-api: 8% of requests answered 5XX: ${extra}`);
    // Continuations start where the title does, after the onset.
    const titleAt = (api[0] ?? "").indexOf("API orders-api");
    for (const more of api.slice(1)) expect(more.search(/\S/)).toBe(titleAt);
    // The hygiene row has no onset: its continuation sits a little in from its title.
    const hygiene = payloads(text).at(-1) ?? [];
    expect(hygiene.length).toBeGreaterThan(1);
    expect(hygiene[0]).toMatch(/^ {4}Log group/);
    for (const more of hygiene.slice(1)) expect(more).toMatch(/^ {6}\S/);
  });

  it("is cut on its third line when even three are not enough", () => {
    const text = renderIncidentsTable(outage(titled("upstream timed out; ".repeat(20))), view(80));
    for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    for (const lines of payloads(text)) {
      expect(lines.length).toBeLessThanOrEqual(3);
      if (lines.length === 3) expect(lines[2]).toMatch(/…$/);
    }
  });
});
