/** Durations (`--ttl`, `--since`, ...): property-based, against an independent statement of the grammar. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_DURATION_MS, parseDuration } from "../../src/duration.js";
import { UsageError } from "../../src/errors.js";

/** The grammar, written out again on purpose: `0`, or 1–9 ASCII digits and one unit, no more than MAX_DURATION_MS. */
const UNITS: ReadonlyArray<[string, number]> = [
  ["ms", 1],
  ["s", 1000],
  ["m", 60_000],
  ["h", 3_600_000],
  ["d", 86_400_000],
  ["w", 604_800_000],
];

function expected(input: string): number | undefined {
  const text = input.trim();
  if (text === "0") return 0;
  for (const [unit, ms] of UNITS) {
    const digits = text.slice(0, -unit.length);
    if (
      text.endsWith(unit) &&
      digits.length >= 1 &&
      digits.length <= 9 &&
      [...digits].every((c) => c >= "0" && c <= "9")
    ) {
      const value = Number(digits) * ms;
      return value <= MAX_DURATION_MS ? value : undefined;
    }
  }
  return undefined;
}

/** parseDuration's answer as a value, or "usage" for a UsageError; anything else is thrown on. */
function outcome(input: string): number | "usage" {
  try {
    return parseDuration(input, "--ttl");
  } catch (error) {
    if (error instanceof UsageError) return "usage";
    throw error;
  }
}

const valid = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999_999 }),
    fc.constantFrom(...UNITS.map(([u]) => u)),
    fc.constantFrom("", " ", "\t"),
    fc.constantFrom("", " ", "\n"),
  )
  .map(([n, unit, before, after]) => `${before}${n}${unit}${after}`);

const nearMisses = fc.oneof(
  fc.constantFrom(
    "abc",
    "-5m",
    "5x",
    "",
    " ",
    "5",
    "m",
    "5 m",
    "5M",
    "5H",
    "1.5h",
    "+5m",
    "1e3s",
    "0x10s",
    "5mm",
    "5ms5",
    "٣m",
    "５m",
    "0000000001m",
    "5m ago",
    "m5",
    "--5m",
    "00",
  ),
  fc.tuple(fc.integer({ min: -1000, max: -1 }), fc.constantFrom("s", "m", "h")).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.double({ noNaN: true, min: 0.01, max: 100 }), fc.constantFrom("s", "m")).map(([n, u]) => `${n}${u}`),
);

describe("parseDuration", () => {
  it("accepts exactly the grammar, with the right value, and never throws anything but UsageError (arbitrary strings)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), valid, nearMisses), (input) => {
        const want = expected(input);
        expect(outcome(input)).toBe(want === undefined ? "usage" : want);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every well-formed duration within the limit", () => {
    fc.assert(
      fc.property(valid, (input) => {
        const want = expected(input);
        if (want !== undefined) expect(parseDuration(input)).toBe(want);
      }),
    );
    expect([
      parseDuration("30s"),
      parseDuration("15m"),
      parseDuration("1h"),
      parseDuration("2d"),
      parseDuration("0"),
    ]).toEqual([30_000, 900_000, 3_600_000, 172_800_000, 0]);
  });
});
