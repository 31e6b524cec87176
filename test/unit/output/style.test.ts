/** Colours for severities and states: on a terminal only, NO_COLOR and FORCE_COLOR honoured. */
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../../src/output/style.js";
import { renderTable } from "../../../src/output/format.js";
import { renderDiffTable, renderFindingsTable } from "../../../src/output/findings-table.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import { TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { tableView } from "../../../src/output/table-view.js";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { ALARM_COLUMNS } from "../../../src/normalize/cloudwatch.js";
import { diffFindings } from "../../../src/rules/diff.js";
import { alarm, finding } from "../../helpers/records.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };
const SGR = /\x1b\[[0-9;]*m/g;
const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const DIM = "\x1b[2m";

describe("colorEnabled", () => {
  it.each([
    ["a terminal", tty, {}, true],
    ["a pipe", pipe, {}, false],
    ["a terminal with NO_COLOR", tty, { NO_COLOR: "1" }, false],
    ["a terminal with an empty NO_COLOR (unset, per no-color.org)", tty, { NO_COLOR: "" }, true],
    ["a dumb terminal", tty, { TERM: "dumb" }, false],
    ["a pipe with FORCE_COLOR=1", pipe, { FORCE_COLOR: "1" }, true],
    ["a terminal with FORCE_COLOR=0", tty, { FORCE_COLOR: "0" }, false],
    [
      "NO_COLOR and FORCE_COLOR together (FORCE_COLOR wins, as in Node)",
      tty,
      { NO_COLOR: "1", FORCE_COLOR: "1" },
      true,
    ],
  ] as const)("%s", (_name, stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected);
  });

  it("a table view takes its colour from the stream and its width and clock only from a terminal", () => {
    expect(tableView({ wide: false }, 2, { isTTY: true, columns: 100 }, { LANG: "en_US.UTF-8" })).toEqual({
      width: 100,
      wide: false,
      color: true,
      singleRegion: false,
      now: expect.any(Number),
      unicode: true,
    });
    expect(tableView({ wide: true }, 1, { isTTY: false, columns: 100 }, {})).toEqual({
      width: undefined,
      wide: true,
      color: false,
      singleRegion: true,
      now: undefined,
      unicode: false,
    });
  });
});

describe("coloured tables", () => {
  const colour = { ...PLAIN_VIEW, color: true, width: 100 };

  it("ALARM is red, INSUFFICIENT_DATA yellow, OK plain; columns still line up", () => {
    const alarms = [
      alarm({ alarmName: "a", stateValue: "ALARM" }),
      alarm({ alarmName: "b", stateValue: "INSUFFICIENT_DATA" }),
      alarm({ alarmName: "c", stateValue: "OK" }),
    ];
    const out = renderTable(alarms, ALARM_COLUMNS, { layout: TABLE_LAYOUTS["cloudwatch alarms"], view: colour });
    expect(out).toContain(`${RED}ALARM\x1b[39m`);
    expect(out).toContain(`${YELLOW}INSUFFICIENT_DATA\x1b[39m`);
    expect(out).not.toMatch(/\x1b\[[0-9;]*mOK/);
    const plain = out.replace(SGR, "");
    expect(plain).toBe(
      renderTable(alarms, ALARM_COLUMNS, {
        layout: TABLE_LAYOUTS["cloudwatch alarms"],
        view: { ...colour, color: false },
      }),
    );
    for (const line of plain.trimEnd().split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(100);
  });

  it("severities: critical and high red, medium yellow, low dim, info plain", () => {
    const findings = (["critical", "high", "medium", "low", "info"] as const).map((severity) =>
      finding({ severity, resourceId: severity }),
    );
    const out = renderFindingsTable(findings, colour);
    expect(out).toContain(`${RED}CRITICAL (1)`);
    expect(out).toContain(`${RED}HIGH (1)`);
    expect(out).toContain(`${YELLOW}MEDIUM (1)`);
    expect(out).toContain(`${DIM}LOW (1)`);
    expect(out).toMatch(/^INFO \(1\)$/m);
    const diff = renderDiffTable(diffFindings([], findings), colour);
    expect(diff).toMatch(/^ {2}\x1b\[31mcritical\x1b\[39m/m);
  });

  it("nothing is coloured without colour", () => {
    const out = renderFindingsTable([finding({ severity: "critical" })], { ...colour, color: false });
    expect(out).not.toMatch(SGR);
  });
});
