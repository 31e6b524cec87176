/**
 * One rate, one text (issue 25: rates print as percentages with sensible precision): the
 * formatter's precision rule, and the same share reading the same in the `lambda metrics`
 * table, a triage title, an incident's signal and the `cloudwatch health` table.
 */
import { describe, expect, it } from "vitest";
import { HEALTH_COLUMNS } from "../../../src/health/evaluate.js";
import { signalOf } from "../../../src/incidents/signals.js";
import { LAMBDA_METRICS_COLUMNS } from "../../../src/normalize/lambda.js";
import { renderTable } from "../../../src/output/format.js";
import { percent } from "../../../src/output/percent.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import { TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { errors } from "../../../src/rules/lambda.js";
import { check, ctx, lambdaMetrics } from "../../helpers/records.js";

const VIEW = { ...PLAIN_VIEW, width: 120 };
const rows = (table: string) => table.split("\n").slice(1);

describe("percent", () => {
  it("gives one decimal under 10%, whole numbers from 10% on", () => {
    expect([0.0639285, 0.05, 0.001, 0.0999, 0.1, 0.139, 0.125, 0.5, 1].map(percent)).toEqual([
      "6.4%",
      "5%",
      "0.1%",
      // 9.99% rounds to a tenth as 10: it reads as the whole number, not `10.0%`.
      "10%",
      "10%",
      "14%",
      "13%",
      "50%",
      "100%",
    ]);
  });

  it("never reads 0% for a share that is not nothing, nor 100% for one that is not everything", () => {
    expect([0, 0.0004, 0.00012, 1e-9, 0.0005].map(percent)).toEqual(["0%", "<0.1%", "<0.1%", "<0.1%", "0.1%"]);
    expect([0.996, 0.9999, 0.994].map(percent)).toEqual([">99%", ">99%", "99%"]);
  });

  it("reads `-` for no number", () => {
    expect([null, undefined, Number.NaN, Number.POSITIVE_INFINITY, "0.1"].map(percent)).toEqual([
      "-",
      "-",
      "-",
      "-",
      "-",
    ]);
  });
});

describe("one rate, one text", () => {
  it("820 errors in 5,900 invocations read the same in the lambda metrics table, the triage title and the incident signal", () => {
    const record = lambdaMetrics({ errors: 820, invocations: 5900, errorRate: 820 / 5900 });
    const [finding] = check(errors, [record], ctx());
    const inTitle = /\((\S+%)\)$/.exec(finding?.title ?? "")?.[1];
    expect(inTitle).toBe("14%");
    const table = renderTable([record], LAMBDA_METRICS_COLUMNS, {
      layout: TABLE_LAYOUTS["lambda metrics"],
      view: VIEW,
    });
    expect(rows(table)[0]?.split(/\s+/)).toContain(inTitle);
    expect(finding === undefined ? undefined : signalOf(finding)).toBe(`errors ${inTitle}`);
  });

  it("cloudwatch health: a rate and its threshold read as percentages in the table, a time as it is", () => {
    const base = {
      account: "1",
      region: "r",
      resourceType: "elasticloadbalancing:loadbalancer",
      resourceId: "app/web",
    };
    const records = [
      { ...base, metric: "HTTPCode_ELB_5XX_Count", stat: "rate", value: 0.29, threshold: 0.01, breached: true },
      { ...base, metric: "TargetResponseTime", stat: "Average", value: 200, threshold: 500, breached: false },
    ];
    const table = renderTable(records, HEALTH_COLUMNS, { layout: TABLE_LAYOUTS["cloudwatch health"], view: VIEW });
    const [rate, time] = rows(table).map((r) => r.split(/\s+/).slice(-4, -1));
    expect(rate).toEqual(["29%", "1%", "true"]);
    expect(time).toEqual(["200", "500", "false"]);
    expect(table).not.toContain("0.29");
  });
});
