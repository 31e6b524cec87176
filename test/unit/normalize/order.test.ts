import { describe, expect, it } from "vitest";
import { byRegionThen, compareText } from "../../../src/normalize/order.js";

describe("compareText (the one ordering every command sorts with)", () => {
  it("orders by UTF-16 code unit, not by locale: capitals before lower case, accents after z", () => {
    // localeCompare would give ["a", "ä", "B", "z"] in most locales.
    expect(["z", "a", "B", "ä"].sort(compareText)).toEqual(["B", "a", "z", "ä"]);
    expect(compareText("same", "same")).toBe(0);
  });

  it("orders ISO-8601 timestamps of one format by time", () => {
    expect(["2026-11-30T10:00:00.000Z", "2026-01-02T00:00:00.000Z"].sort(compareText)).toEqual([
      "2026-01-02T00:00:00.000Z",
      "2026-11-30T10:00:00.000Z",
    ]);
  });
});

describe("byRegionThen", () => {
  it("sorts by region, then by the record's id, the same whatever the input order", () => {
    const records = [
      { region: "us-east-1", id: "b" },
      { region: "eu-west-1", id: "z" },
      { region: "us-east-1", id: "B" },
      { region: "eu-west-1", id: "a" },
    ];
    const sorted = (input: typeof records) =>
      [...input].sort(byRegionThen((r) => r.id)).map((r) => `${r.region}/${r.id}`);
    expect(sorted(records)).toEqual(["eu-west-1/a", "eu-west-1/z", "us-east-1/B", "us-east-1/b"]);
    expect(sorted([...records].reverse())).toEqual(sorted(records));
  });
});
