import { describe, expect, it } from "vitest";
import { sparkline, unicodeLocale } from "../../../src/output/sparkline.js";
import { onsetCell } from "../../../src/output/onset-cell.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import type { Finding, MetricDatapointRecord } from "../../../src/records/index.js";
import { renderDatapointTable } from "../../../src/output/datapoint-table.js";
import { renderLambdaMetricsTable } from "../../../src/output/lambda-metrics-table.js";
import { lambdaMetrics } from "../../helpers/records.js";

describe("sparkline", () => {
  it("scales from the smallest to the largest value, in eighth blocks", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], true, 8)).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([0, 0, 0, 7], true)).toBe("▁▁▁█");
  });

  it("squeezes a long series into the width, each cell the largest of its periods", () => {
    const values = Array.from({ length: 120 }, (_, i) => (i < 40 ? 0 : i));
    const line = sparkline(values, true, 12);
    expect([...line]).toHaveLength(12);
    expect(line.startsWith("▁▁▁▁")).toBe(true);
    expect(line.endsWith("█")).toBe(true);
  });

  it("ASCII where the locale is not UTF-8; no value is a space; a flat series sits at the bottom (0) or top", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], false, 8)).toBe("_.,-~=*#");
    expect(sparkline([1, null, 3], false)).toBe("_ #");
    expect(sparkline([0, 0], true)).toBe("▁▁");
    expect(sparkline([5, 5], true)).toBe("██");
    expect(sparkline([null, null], true)).toBe("  ");
    expect(sparkline([], true)).toBe("");
  });

  it("reads the locale as the C library does: LC_ALL, then LC_CTYPE, then LANG", () => {
    expect(unicodeLocale({ LANG: "en_US.UTF-8" })).toBe(true);
    expect(unicodeLocale({ LANG: "C.utf8" })).toBe(true);
    expect(unicodeLocale({ LC_ALL: "C", LANG: "en_US.UTF-8" })).toBe(false);
    expect(unicodeLocale({ LC_CTYPE: "en_GB.UTF-8", LANG: "C" })).toBe(true);
    expect(unicodeLocale({})).toBe(false);
  });
});

describe("a metric finding's time cell", () => {
  const NOW = Date.parse("2026-12-07T04:00:00Z");
  const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
  const finding = (trend: "rising" | "ended", since: string) =>
    ({ series: [0, 0, 1, 4, 8].map((value, i) => ({ at: at(5 - i), value })), trend, since }) as unknown as Finding;
  const view = (now: number | undefined, unicode: boolean) => ({ ...PLAIN_VIEW, now, unicode });

  it("on a terminal: sparkline, trend and relative time", () => {
    expect(onsetCell(finding("rising", at(12)), view(NOW, true))).toBe("▁▁▂▅█ rising since 12m");
    expect(onsetCell(finding("ended", at(110)), view(NOW, false))).toBe("__.~# ended, began 1h50m ago");
  });

  it("elsewhere the time stays ISO; a finding without a series has an empty cell", () => {
    expect(onsetCell(finding("rising", at(12)), view(undefined, true))).toBe(`▁▁▂▅█ rising since ${at(12)}`);
    expect(onsetCell({} as Finding, view(NOW, true))).toBe("");
  });
});

describe("cloudwatch metrics as a table", () => {
  it("each value has a level block, scaled within its region, so the column reads as the series", () => {
    const point = (value: number, region = "us-east-1") =>
      ({
        account: null,
        region,
        timestamp: "2026-12-07T04:00:00.000Z",
        value,
        stat: "Sum",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: {},
      }) as MetricDatapointRecord;
    const table = renderDatapointTable([point(0), point(7), point(3.5), point(2, "eu-west-1")], {
      ...PLAIN_VIEW,
      unicode: true,
    });
    const levels = table
      .split("\n")
      .slice(1, -1)
      .map((line) => line.split(/\s+/)[2]);
    expect(table.split("\n")[0]).toMatch(/^timestamp\s+value\s+level\s/);
    expect(levels).toEqual(["▁", "█", "▅", "█"]);
  });
});

describe("lambda metrics as a table", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 6, minute)).toISOString();
  const rising = Array.from({ length: 60 }, (_, i) => ({ at: at(i), value: i < 40 ? 0 : i - 39 }));
  const records = [
    lambdaMetrics({ functionName: "orders-handler", errors: 210, errorRate: 0.2, errorSeries: rising }),
    lambdaMetrics({ functionName: "idle", errors: 0, errorSeries: rising.map((p) => ({ ...p, value: 0 })) }),
    lambdaMetrics({ functionName: "old-cache", errors: 0, errorSeries: null }),
  ];
  const rowOf = (table: string, name: string) => table.split("\n").find((l) => l.startsWith(name)) ?? "";

  it("draws each function's errors per period as a sparkline column, blank without a series", () => {
    const table = renderLambdaMetricsTable(records, { ...PLAIN_VIEW, unicode: true });
    expect(table.split("\n")[0]).toMatch(
      /^functionName\s+invocations\s+errors\s+throttles\s+errorRate\s+errorSeries\s/,
    );
    // Errors began two thirds into the window and rose: flat, then climbing to the top.
    expect(rowOf(table, "orders-handler")).toContain("▁▁▁▁▁▁▁▁▃▅▆█");
    expect(rowOf(table, "idle")).toContain("▁▁▁▁▁▁▁▁▁▁▁▁");
    expect(rowOf(table, "old-cache")).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    // JSON keeps the series itself (the records are not changed by the table).
    expect(records[0]?.errorSeries?.[0]).toEqual({ at: at(0), value: 0 });
  });

  it("ASCII where the locale is not UTF-8", () => {
    const table = renderLambdaMetricsTable(records, { ...PLAIN_VIEW, unicode: false });
    expect(rowOf(table, "orders-handler")).toContain("________,~=#");
    expect(table).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });
});
