/**
 * `lambda metrics` as a table: the `errorSeries` column drawn as a sparkline of the function's
 * errors per period over the window (as `cloudwatch metrics` has its `level` column); json and
 * ndjson keep the series itself, with ISO times.
 */
import type { LambdaMetricsRecord } from "../records/index.js";
import { LAMBDA_METRICS_COLUMNS } from "../normalize/lambda.js";
import { renderTable } from "./format.js";
import { sparkline } from "./sparkline.js";
import type { TableView } from "./table-fit.js";
import { TABLE_LAYOUTS } from "./table-layouts.js";

/** Wide enough to see when errors began in a 1- to 3-hour window, narrow enough for 80 columns. */
export const ERROR_SPARK_WIDTH = 12;

export function renderLambdaMetricsTable(records: readonly LambdaMetricsRecord[], view: TableView): string {
  const rows = records.map((r) => ({
    ...r,
    errorSeries:
      r.errorSeries === null || r.errorSeries === undefined
        ? null
        : sparkline(
            r.errorSeries.map((p) => p.value),
            view.unicode === true,
            ERROR_SPARK_WIDTH,
          ),
  }));
  return renderTable(rows, LAMBDA_METRICS_COLUMNS, { layout: TABLE_LAYOUTS["lambda metrics"], view });
}
