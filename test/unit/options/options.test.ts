/** Global option parsing: regions and the whole-number flags, property-based. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseGlobalOptions, parseRegions, REGION_RE } from "../../../src/options/options.js";
import { UsageError } from "../../../src/errors/errors.js";

function regionsOutcome(input: string): string[] | "all" | "usage" {
  try {
    return parseRegions(input);
  } catch (error) {
    if (error instanceof UsageError) return "usage";
    throw error;
  }
}

const region = fc
  .tuple(
    fc.constantFrom("us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"),
    fc.constantFrom("east", "west", "central", "north", "south", "northeast", "southeast", "gov-west", "iso-east"),
    fc.integer({ min: 1, max: 99 }),
  )
  .map(([area, direction, n]) => `${area}-${direction}-${n}`);

const malformedRegion = fc.constantFrom(
  "us-east",
  "US-EAST-1",
  "us_east_1",
  "us-east-1a",
  "useast1",
  "us-east-100",
  "-us-east-1",
  "us--east-1",
  "u-east-1",
  "us-east-1.",
  "all-1",
  "ALL",
  "us east 1",
  "",
  " ",
);

describe("parseRegions", () => {
  it("accepts any list of well-formed regions (spaces around commas allowed), de-duplicated in order", () => {
    fc.assert(
      fc.property(
        fc.array(region, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(",", ", ", " ,"),
        (regions, separator) => {
          expect(parseRegions(regions.join(separator))).toEqual([...new Set(regions)]);
        },
      ),
    );
    expect(parseRegions(" all ")).toBe("all");
  });

  it("rejects a list with any malformed region with a UsageError naming it", () => {
    fc.assert(
      fc.property(fc.array(region, { maxLength: 3 }), malformedRegion, fc.nat(3), (good, bad, at) => {
        const list = [...good];
        list.splice(Math.min(at, list.length), 0, bad);
        expect(() => parseRegions(list.join(","))).toThrow(UsageError);
      }),
    );
    expect(() => parseRegions("us-east-1,,")).toThrow(/invalid region ""/);
    expect(() => parseRegions("all,us-east-1")).toThrow(/--region all cannot be combined with other regions/);
  });

  it("never throws anything but UsageError, and whatever it accepts is well-formed (arbitrary strings)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), region, malformedRegion), (input) => {
        const result = regionsOutcome(input);
        if (result === "all") expect(input.trim()).toBe("all");
        else if (result !== "usage") {
          expect(result.length).toBeGreaterThan(0);
          for (const r of result) expect(r).toMatch(REGION_RE);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("--concurrency and --max-attempts", () => {
  const parse = (raw: Record<string, unknown>) => parseGlobalOptions(raw, {}, false);
  const limits = { concurrency: 64, maxAttempts: 20 } as const;

  it("accept exactly the whole numbers from 1 to their limit; anything else is a UsageError naming the flag", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("concurrency", "maxAttempts" as const),
        fc.oneof(
          fc.integer({ min: -100, max: 100 }).map(String),
          fc.string(),
          fc.constantFrom("0", "-1", "1.5", "1e1", "0x10", " 4 ", "", "four", "Infinity", "NaN"),
        ),
        (flag, value) => {
          const max = limits[flag];
          const valid = /^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= max;
          if (valid) expect(parse({ [flag]: value })[flag]).toBe(Number(value));
          else
            expect(() => parse({ [flag]: value })).toThrow(
              flag === "concurrency"
                ? /^--concurrency must be a whole number/
                : /^--max-attempts must be a whole number/,
            );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
