import { describe, expect, it } from "vitest";
import { displayWidth } from "../../../src/output/terminal-text.js";
import { wrapToWidth } from "../../../src/output/wrap.js";

const at = (width: number) => () => width;

describe("wrapToWidth", () => {
  it("breaks at the last space that fits, and keeps every word", () => {
    expect(wrapToWidth("Function orders: 40 errors in 400 invocations (10%)", at(20), 5)).toEqual([
      "Function orders: 40",
      "errors in 400",
      "invocations (10%)",
    ]);
  });

  it("gives each line its own width (the first after an onset, the rest under it)", () => {
    const lines = wrapToWidth("aaa bbb ccc ddd eee", (i) => (i === 0 ? 7 : 11), 5);
    expect(lines).toEqual(["aaa bbb", "ccc ddd eee"]);
  });

  it("cuts a word wider than a line across lines, never inside a wide character", () => {
    const lines = wrapToWidth(`arn:${"x".repeat(30)} 東京リージョン`, at(12), 6);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(12);
    expect(lines.join("")).toBe(`arn:${"x".repeat(30)}東京リージョン`);
  });

  it("ends its last line in … when text is left over", () => {
    const lines = wrapToWidth("one two three four five six seven", at(9), 2);
    expect(lines).toEqual(["one two", "three fo…"]);
  });
});
