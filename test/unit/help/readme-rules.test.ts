import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { RULES } from "../../../src/rules/registry.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("the README's rule tables", () => {
  it("have a row for every rule `awstriage rules` lists, and no row for a rule that does not exist", () => {
    const rows = [...README.matchAll(/^\| `([a-z0-9]+\.[a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(rows)).toEqual(new Set(RULES.map((rule) => rule.id)));
  });
});
