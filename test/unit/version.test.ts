import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { VERSION } from "../../src/version.js";

describe("VERSION", () => {
  it("matches package.json, so cache envelopes name the release that wrote them", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
