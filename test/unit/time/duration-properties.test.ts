/** Durations (`--ttl`, `--since`, ...): property-based, against an independent statement of the grammar. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_DURATION_MS, parseDuration } from "../../../src/time/duration.js";
import { UsageError } from "../../../src/errors/errors.js";

/**
 * The grammar, written out again on purpose: `0`, or one or more parts of 1–9 ASCII digits and
 * a unit, the units largest first and each at most once (`1h30m`), no more than MAX_DURATION_MS.
 */
const UNITS: ReadonlyArray<[string, number]> = [
  ["w", 604_800_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

const isDigit = (c: string) => c >= "0" && c <= "9";

function expected(input: string): number | undefined {
  const text = input.trim();
  if (text === "0") return 0;
  let rest = text;
  let total = 0;
  let next = 0; // index into UNITS of the largest unit still allowed
  if (rest === "") return undefined;
  while (rest !== "") {
    let digits = 0;
    while (digits < rest.length && isDigit(rest[digits] as string)) digits++;
    if (digits < 1 || digits > 9) return undefined;
    const tail = rest.slice(digits);
    // "ms" before "m": a part is its digits and the longest unit name that follows.
    const index = UNITS.findIndex(([unit]) => tail.startsWith(unit) && !(unit === "m" && tail.startsWith("ms")));
    if (index < next) return undefined;
    const [unit, ms] = UNITS[index] as [string, number];
    total += Number(rest.slice(0, digits)) * ms;
    next = index + 1;
    rest = tail.slice(unit.length);
  }
  return total <= MAX_DURATION_MS ? total : undefined;
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

/** Compound durations: two to four parts, units largest first. */
const compound = fc
  .uniqueArray(fc.integer({ min: 0, max: UNITS.length - 1 }), { minLength: 2, maxLength: 4 })
  .chain((indexes) =>
    fc.tuple(
      ...[...indexes]
        .sort((a, b) => a - b)
        .map((i) => fc.integer({ min: 0, max: 999 }).map((n) => `${n}${(UNITS[i] as [string, number])[0]}`)),
    ),
  )
  .map((parts) => parts.join(""));

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
    "30m1h",
    "1h1h",
    "1h 30m",
    "1h30",
    "1h-30m",
    "1ms1s",
  ),
  fc.tuple(fc.integer({ min: -1000, max: -1 }), fc.constantFrom("s", "m", "h")).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.double({ noNaN: true, min: 0.01, max: 100 }), fc.constantFrom("s", "m")).map(([n, u]) => `${n}${u}`),
);

describe("parseDuration", () => {
  it("accepts exactly the grammar, with the right value, and never throws anything but UsageError (arbitrary strings)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), valid, compound, nearMisses), (input) => {
        const want = expected(input);
        expect(outcome(input)).toBe(want === undefined ? "usage" : want);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every well-formed duration within the limit, compound ones included", () => {
    fc.assert(
      fc.property(fc.oneof(valid, compound), (input) => {
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
      parseDuration("1h30m"),
      parseDuration("2d12h"),
    ]).toEqual([30_000, 900_000, 3_600_000, 172_800_000, 0, 5_400_000, 216_000_000]);
  });
});
