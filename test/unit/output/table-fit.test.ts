/**
 * Tables that fit the terminal: free text sized to what is left, ids and states whole, whole
 * columns left out in each command's documented order, `--wide` cutting nothing, a pipe
 * cutting at MAX_CELL, and the region column gone when one region is in play.
 */
import { describe, expect, it } from "vitest";
import { renderTable } from "../../../src/output/format.js";
import { renderFindingsTable } from "../../../src/output/findings-table.js";
import { MAX_CELL, PLAIN_VIEW, type TableView } from "../../../src/output/table-fit.js";
import { TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { INSTANCE_COLUMNS } from "../../../src/normalize/ec2.js";
import { LOG_EVENT_COLUMNS } from "../../../src/normalize/logs.js";
import { ALARM_COLUMNS } from "../../../src/normalize/cloudwatch.js";
import { alarm, finding } from "../../helpers/records.js";

const view = (width: number | undefined, overrides: Partial<TableView> = {}): TableView => ({
  ...PLAIN_VIEW,
  width,
  ...overrides,
});

const instances = [
  ["i-0123456789abcdef0", "web-frontend-production-blue-green-canary", "running", "m5.large", "eu-west-1a"],
  ["i-0fedcba9876543210", "日本語のサーバー名前", "shutting-down", "t3.micro", "eu-west-1b"],
  ["i-00000000000000001", "👩‍💻 dev box", "stopped", "c6g.16xlarge", "eu-west-1c"],
].map(([instanceId, name, state, instanceType, availabilityZone]) => ({
  account: "123456789012",
  region: "eu-west-1",
  instanceId,
  name,
  state,
  instanceType,
  availabilityZone,
  privateIp: "10.0.12.345",
  publicIp: "34.250.100.200",
  launchTime: "2026-01-01T00:00:00.000Z",
  vpcId: "vpc-0123456789abcdef0",
  subnetId: "subnet-0123456789abcdef0",
}));
const ec2Columns = [...INSTANCE_COLUMNS, "vpcId", "subnetId"];

function lines(text: string): string[] {
  return text.trimEnd().split("\n");
}

describe("ec2 list on a terminal", () => {
  it.each([60, 80, 100])("fits %i columns, keeping ids and states whole", (width) => {
    const out = renderTable(instances, ec2Columns, { layout: TABLE_LAYOUTS["ec2 list"], view: view(width) });
    for (const line of lines(out)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    for (const record of instances) {
      expect(out).toContain(record.instanceId);
      expect(out).toContain(record.state);
    }
    const header = lines(out)[0] ?? "";
    expect(header).toMatch(/^instanceId\s+name\s+state/);
  });

  it("leaves out subnet, VPC, launch time and zone first, in that order", () => {
    const headerAt = (width: number) =>
      (
        lines(
          renderTable(instances, ec2Columns, {
            layout: TABLE_LAYOUTS["ec2 list"],
            view: view(width, { singleRegion: true }),
          }),
        )[0] ?? ""
      )
        .split(/\s+/)
        .filter(Boolean);
    const order = ["subnetId", "vpcId", "launchTime", "availabilityZone"];
    let previous = headerAt(400);
    expect(previous).toEqual(expect.arrayContaining(order));
    for (let width = 399; width >= 60; width--) {
      const header = headerAt(width);
      const gone = previous.filter((c) => !header.includes(c));
      for (const column of gone) {
        // A column only goes once every column before it in the order has gone.
        const before = order.slice(0, order.indexOf(column));
        if (order.includes(column)) for (const b of before) expect(header).not.toContain(b);
      }
      previous = header;
    }
    expect(headerAt(80)).not.toContain("launchTime");
    expect(headerAt(80)).toContain("privateIp");
  });

  it("cuts the Name tag by display width, never inside a character, and aligns what follows", () => {
    const out = renderTable(instances, ec2Columns, { layout: TABLE_LAYOUTS["ec2 list"], view: view(60) });
    const rows = lines(out).slice(1);
    const stateColumn = rows.map((row, i) => displayWidth(row.slice(0, row.indexOf(instances[i]?.state ?? ""))));
    expect(new Set(stateColumn).size).toBe(1);
    expect(out).toContain("…");
    expect(out).not.toMatch(/\ufffd/);
  });

  it("--wide cuts nothing and leaves nothing out", () => {
    const out = renderTable(instances, ec2Columns, {
      layout: TABLE_LAYOUTS["ec2 list"],
      view: view(60, { wide: true }),
    });
    expect(out).toContain("web-frontend-production-blue-green-canary");
    expect(out).toContain("subnet-0123456789abcdef0");
    expect(out).not.toContain("…");
  });

  it("in a pipe (no width) cuts each cell at MAX_CELL only", () => {
    const long = [{ ...instances[0], name: "x".repeat(100) }];
    const out = renderTable(long, ec2Columns, { layout: TABLE_LAYOUTS["ec2 list"], view: view(undefined) });
    expect(out).toContain(`${"x".repeat(MAX_CELL - 1)}…`);
    expect(out).toContain("subnet-0123456789abcdef0");
  });

  it("drops the region column when one region is in play", () => {
    const one = renderTable(instances, ec2Columns, { view: view(undefined, { singleRegion: true }) });
    expect(lines(one)[0]).not.toMatch(/\bregion\b/);
    const many = renderTable(instances, ec2Columns, { view: view(undefined) });
    expect(lines(many)[0]).toMatch(/\bregion\b/);
  });
});

describe("free-text columns of other commands", () => {
  it.each([60, 80, 100])("logs search gives the message what is left of %i columns", (width) => {
    const events = ["GET /health 200", `POST /login 401 ${"ua=".padEnd(300, "Mozilla ")}`].map((message, i) => ({
      timestamp: "2026-03-10T08:00:00.000Z",
      logStreamName: `stream-${i}`,
      region: "eu-west-1",
      message,
    }));
    const out = renderTable(events, LOG_EVENT_COLUMNS, {
      layout: TABLE_LAYOUTS["logs search"],
      view: view(width, { singleRegion: true }),
    });
    for (const line of lines(out)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(out).toContain("2026-03-10T08:00:00.000Z");
    expect(out).toContain("GET /health 200");
    expect(Math.max(...lines(out).map(displayWidth))).toBeGreaterThan(width - 3);
  });

  it.each([60, 80, 100])("cloudwatch alarms fit %i columns with the alarm name and state whole", (width) => {
    const alarms = [alarm({ stateValue: "ALARM", stateReason: "Threshold Crossed: ".repeat(10) }), alarm()];
    const out = renderTable(alarms, ALARM_COLUMNS, {
      layout: TABLE_LAYOUTS["cloudwatch alarms"],
      view: view(width, { singleRegion: true }),
    });
    for (const line of lines(out)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    expect(out).toContain("api-5xx");
    expect(out).toContain("ALARM");
  });

  it.each([60, 80, 100])(
    "the findings table fits %i columns, ids whole, the rule id cut or left out first",
    (width) => {
      const findings = [
        finding({ severity: "high", title: `Function checkout: ${"very long title ".repeat(10)}` }),
        finding({ resourceId: "/aws/lambda/checkout-service-production" }),
      ];
      const out = renderFindingsTable(findings, view(width, { singleRegion: true }));
      for (const line of lines(out)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      expect(out).toContain("/aws/lambda/checkout-service-production");
      expect(out).toContain(width > 60 ? "Function checkout: very long" : "Function check");
      if (width < 100) expect(out).not.toContain("logs.no-ret");
      else expect(out).toContain("logs.no-ret");
      expect(out).not.toContain("us-east-1");
    },
  );

  it("a table with no layout (--raw) keeps its first column and leaves out the rightmost first", () => {
    const raw = [
      Object.fromEntries([
        ["InstanceId", "i-0123456789abcdef0"],
        ...["Alpha", "Bravo", "Charlie", "Delta", "Echo"].map((k) => [k, k.toLowerCase().repeat(8)]),
      ]),
    ];
    const out = renderTable(raw, undefined, { view: view(60) });
    for (const line of lines(out)) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect((lines(out)[0] ?? "").split(/\s+/)).toEqual(["InstanceId", "Alpha", "Bravo", "Charlie"]);
  });
});

describe("names with runs of spaces", () => {
  const alarms = [alarm({ alarmName: "api  errors" }), alarm({ alarmName: "api errors" })];

  it.each([
    ["on a terminal", view(120)],
    ["with --wide", view(120, { wide: true })],
    ["in a pipe", view(undefined)],
  ])("the alarm table keeps both names apart %s", (_label, v) => {
    const out = renderTable(alarms, ALARM_COLUMNS, { layout: TABLE_LAYOUTS["cloudwatch alarms"], view: v });
    const names = lines(out)
      .slice(1)
      .map((line) => line.slice(0, "api  errors".length));
    expect(names).toEqual(["api  errors", "api errors "]);
  });

  it("a line break in a cell still becomes one space", () => {
    const out = renderTable([alarm({ alarmName: "a\r\n  b" })], ["alarmName"], { view: view(120) });
    expect(lines(out)[1]).toBe("a b");
  });
});

describe("multi-line messages", () => {
  const trace = [
    "[ERROR] KeyError: 'order'",
    "Traceback (most recent call last):",
    '  File "/var/task/app.py", line 12, in handler',
    "\x1b[31m    raise KeyError('order')\x1b[0m\r",
    "  a lone \r carriage return",
    "",
  ].join("\n");
  const events = [
    { timestamp: "2026-12-07T03:00:00.000Z", logStreamName: "s1", region: "us-east-1", message: trace },
    { timestamp: "2026-12-07T03:00:01.000Z", logStreamName: "s1", region: "us-east-1", message: "next event" },
  ];

  it("logs search -o table shows a stack trace on its own lines, indented under its event, each sanitised", () => {
    const out = renderTable(events, LOG_EVENT_COLUMNS, { layout: TABLE_LAYOUTS["logs search"], view: view(120) });
    const rows = lines(out);
    const at = (rows[1] ?? "").indexOf("[ERROR]");
    expect(rows[1]).toMatch(/^2026-12-07T03:00:00\.000Z\s+s1\s+us-east-1\s+\[ERROR\] KeyError: 'order'$/);
    expect(rows.slice(2, 5)).toEqual([
      `${" ".repeat(at + 2)}Traceback (most recent call last):`,
      `${" ".repeat(at + 2)}  File "/var/task/app.py", line 12, in handler`,
      `${" ".repeat(at + 2)}\\x1b[31m    raise KeyError('order')\\x1b[0m`,
    ]);
    expect(rows[5]).toBe(`${" ".repeat(at + 2)}  a lone \\x0d carriage return`);
    expect(rows[6]).toMatch(/^2026-12-07T03:00:01\.000Z\s+s1\s+us-east-1\s+next event$/);
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\r");
  });

  it("without the layout (or with --raw) a message stays one cell", () => {
    expect(lines(renderTable(events, LOG_EVENT_COLUMNS, { view: view(400) }))).toHaveLength(3);
  });
});

describe("an id wider than the terminal", () => {
  // A log group name may be 512 characters; AWS Control Tower's flow-log groups run past 100.
  const long = `StackSet-VPC-ACCOUNT-FACTORY-V1-${"0b7c1e2a-4d5f-4a6b-9c8d-7e6f5a4b3c2d-".repeat(2)}VPCFlowLogsGroup`;
  const groups = [long, "/aws/lambda/orders"].map((logGroupName) => ({ logGroupName, retentionInDays: 30 }));

  it("is cut with … so every row still fits and later columns stay under their header", () => {
    const out = lines(
      renderTable(groups, ["logGroupName", "retentionInDays"], {
        layout: TABLE_LAYOUTS["logs groups"],
        view: view(80),
      }),
    );
    for (const line of out) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(out[1]).toMatch(/^StackSet-VPC-ACCOUNT-FACTORY-V1-\S*… +30$/);
    expect(out[2]).toMatch(/^\/aws\/lambda\/orders +30$/);
    expect(out[1]?.indexOf("30")).toBe(out[0]?.indexOf("retentionInDays"));
  });
});
