/**
 * `cloudwatch metrics` as a table: a `level` column beside each value, one block scaled from
 * the smallest to the largest value of its region, so that the column read downwards is the
 * series' sparkline.
 */
import type { MetricDatapointRecord } from "../records/index.js";
import { DATAPOINT_COLUMNS } from "../normalize/cloudwatch.js";
import { renderTable } from "./format.js";
import { glyph } from "./sparkline.js";
import type { TableView } from "./table-fit.js";
import { TABLE_LAYOUTS } from "./table-layouts.js";

export function renderDatapointTable(records: readonly MetricDatapointRecord[], view: TableView): string {
  const range = new Map<string, { low: number; high: number }>();
  for (const r of records) {
    const seen = range.get(r.region);
    range.set(r.region, {
      low: Math.min(seen?.low ?? r.value, r.value),
      high: Math.max(seen?.high ?? r.value, r.value),
    });
  }
  const rows = records.map((r) => {
    const { low, high } = range.get(r.region) ?? { low: r.value, high: r.value };
    return { ...r, level: glyph(r.value, low, high, view.unicode === true) };
  });
  const columns = DATAPOINT_COLUMNS.flatMap((c) => (c === "value" ? [c, "level"] : [c]));
  return renderTable(rows, columns, { layout: TABLE_LAYOUTS["cloudwatch metrics"], view });
}
