/**
 * `triage --by resource` on a narrow terminal: a resource's name cut short can read as another
 * resource's (`orders-handler…` for the alarm orders-handler-errors), so the type column goes
 * before a name of ordinary length is cut; the signals keep their share.
 */
import { describe, expect, it } from "vitest";
import { BY_RESOURCE } from "../../../src/commands/triage.js";
import { renderTable } from "../../../src/output/format.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { finding } from "../../helpers/records.js";

const FINDINGS = [
  finding({
    ruleId: "lambda.errors",
    severity: "high",
    resourceType: "lambda:function",
    resourceId: "orders-handler",
    title: "Function orders-handler: 820 errors in 5900 invocations (14%)",
  }),
  finding({
    ruleId: "cloudwatch.alarm-firing",
    severity: "high",
    resourceType: "cloudwatch:alarm",
    resourceId: "orders-handler-errors",
    title: "Alarm orders-handler-errors is ALARM (AWS/Lambda Errors)",
  }),
  finding({ resourceId: "/aws/lambda/orders-handler", title: "Log group /aws/lambda/orders-handler never expires" }),
];

const render = (width: number) =>
  renderTable(BY_RESOURCE.rows(FINDINGS, []) as object[], BY_RESOURCE.columns, {
    layout: BY_RESOURCE.layout,
    view: { ...PLAIN_VIEW, width },
  });

describe("triage --by resource on a narrow terminal", () => {
  it("keeps names of ordinary length whole at 80 columns, leaving the type out instead", () => {
    const table = render(80);
    const [header = "", ...rows] = table.split("\n").filter((l) => l !== "");
    expect(header.split(/\s+/)).toEqual(["severity", "resource", "signals"]);
    for (const name of ["orders-handler-errors ", "/aws/lambda/orders-handler "])
      expect(rows.some((r) => r.includes(name))).toBe(true);
    expect(table).not.toMatch(/orders-handler…|\/aws\/lambda\/or…/);
    for (const line of table.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it("shows the type where there is room for it", () => {
    expect(render(120).split("\n")[0]).toMatch(/^severity +resourceType +resource +/);
  });
});
