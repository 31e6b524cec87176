import { describe, expect, it } from "vitest";
import { formatAge, parseDuration } from "../../../src/time/duration.js";
import { UsageError } from "../../../src/errors/errors.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    ["0", 0],
    ["250ms", 250],
    ["1h30m", 5_400_000],
    ["2d12h", 216_000_000],
    ["1m30s500ms", 90_500],
  ])("reads %s as %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["abc", "-5m", "5x", "", "5", "1.5h", "m", "30m1h", "1h1h", "1h30"])(
    "rejects %j as a usage error naming the flag",
    (text) => {
      expect(() => parseDuration(text, "--since")).toThrow(UsageError);
      expect(() => parseDuration(text, "--since")).toThrow(/--since/);
    },
  );
});

describe("formatAge", () => {
  it.each([
    [42_000, "42s"],
    [192_000, "3m12s"],
    [3_600_000, "1h"],
    [3 * 86_400_000 + 4 * 3_600_000, "3d4h"],
  ])("formats %d ms as %s", (ms, text) => expect(formatAge(ms)).toBe(text));
});
