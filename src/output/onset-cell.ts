/**
 * A metric finding's time on one table cell: its series as a sparkline, then which way it is
 * going and since when (`▁▁▂▅█ rising since 12m`, `█▅▁▁▁ ended, began 1h50m ago`), relative on
 * a terminal and ISO elsewhere.
 */
import type { Finding } from "../records/index.js";
import { ago, sinceNow } from "../time/relative.js";
import { sparkline } from "./sparkline.js";
import type { TableView } from "./table-fit.js";

export function onsetCell(f: Finding, view: TableView): string {
  if (f.series === undefined) return "";
  const spark = sparkline(
    f.series.map((p) => p.value),
    view.unicode === true,
  );
  const since = f.since ?? null;
  const { now } = view;
  if (since === null) return `${spark} ${f.trend ?? ""}`.trimEnd();
  if (f.trend === "ended") return `${spark} ended, began ${now === undefined ? since : ago(since, now)}`;
  return `${spark} ${f.trend ?? ""} ${now === undefined ? `since ${since}` : sinceNow(since, now)}`;
}
