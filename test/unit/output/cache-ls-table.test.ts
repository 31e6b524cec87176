/**
 * `cache ls` on an 80-column terminal: what the command is for is each entry's age and whether
 * it is fresh, so the age outlasts the path (which 80 columns cannot show usefully anyway).
 */
import { describe, expect, it } from "vitest";
import { CACHE_ENTRY_COLUMNS } from "../../../src/cache/entries.js";
import { renderTable } from "../../../src/output/format.js";
import { PLAIN_VIEW } from "../../../src/output/table-fit.js";
import { TABLE_LAYOUTS } from "../../../src/output/table-layouts.js";
import { displayWidth } from "../../../src/output/terminal-text.js";

const entry = (resource: string, hash: string, ageSeconds: number) => ({
  path: `/home/oncall/.cache/awstriage/cloudwatch/prod/us-east-1/${resource}-${hash}.json`,
  script: "cloudwatch",
  resource,
  profile: "prod",
  region: "us-east-1",
  account: "123456789012",
  fetchedAt: "2026-12-07T03:55:48.123Z",
  ageSeconds,
  fresh: ageSeconds < 300,
  items: 2,
  bytes: 898,
  error: null,
});

describe("cache ls at 80 columns", () => {
  it("keeps each entry's age beside fresh, so entries of one resource read apart", () => {
    const records = [
      entry("metric-data", "4f8176eecea0", 54),
      entry("metric-data", "8b61b47ba17a", 7),
      entry("lambda-event-source-mappings", "", 412),
    ];
    const table = renderTable(records, CACHE_ENTRY_COLUMNS, {
      layout: TABLE_LAYOUTS["cache ls"],
      view: { ...PLAIN_VIEW, width: 80 },
    });
    const [header = "", ...rows] = table.split("\n").filter((l) => l !== "");
    expect(header.split(/\s+/)).toEqual(["script", "resource", "profile", "region", "ageSeconds", "fresh"]);
    expect(rows.map((r) => r.split(/\s+/).slice(-2))).toEqual([
      ["54", "true"],
      ["7", "true"],
      ["412", "false"],
    ]);
    for (const line of table.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});
