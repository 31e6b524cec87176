/** `ec2 list` filters (`--tag K=V`, `--state`), property-based. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { INSTANCE_STATES, listOptionsSchema } from "../../../src/commands/ec2.js";
import { parseLocal } from "../../../src/commands/command.js";
import { UsageError } from "../../../src/errors/errors.js";

type Parsed = { tag: Array<{ key: string; value: string }>; state: string[] | undefined };

function outcome(raw: Record<string, unknown>): Parsed | "usage" {
  try {
    return parseLocal(listOptionsSchema, raw) as Parsed;
  } catch (error) {
    if (error instanceof UsageError) return "usage";
    throw error;
  }
}

const key = fc.string({ minLength: 1 }).filter((k) => !k.includes("="));
const tag = fc.tuple(key, fc.string()).map(([k, v]) => ({ text: `${k}=${v}`, key: k, value: v }));

describe("--tag KEY=VALUE", () => {
  it("splits at the first `=`: any key without `=` and any value (empty, or with `=`) round-trips", () => {
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 5 }), (tags) => {
        expect(outcome({ tag: tags.map((t) => t.text) })).toMatchObject({
          tag: tags.map(({ key: k, value }) => ({ key: k, value })),
        });
      }),
    );
  });

  it("is accepted exactly when every tag has a non-empty key before an `=`; otherwise a UsageError quoting it (arbitrary strings)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.string({ unit: "binary" }),
            tag.map((t) => t.text),
            fc.constantFrom("team", "=v", "=", ""),
          ),
          { maxLength: 5 },
        ),
        (tags) => {
          const valid = tags.every((t) => t.indexOf("=") > 0);
          const result = outcome({ tag: tags });
          expect(result === "usage").toBe(!valid);
          if (result !== "usage")
            for (const [i, parsed] of result.tag.entries()) expect(`${parsed.key}=${parsed.value}`).toBe(tags[i]);
        },
      ),
      { numRuns: 2000 },
    );
    expect(() => parseLocal(listOptionsSchema, { tag: ["team"] })).toThrow('--tag must be KEY=VALUE, got "team"');
  });
});

describe("--state", () => {
  it("accepts exactly comma-separated known states", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...INSTANCE_STATES), fc.string({ maxLength: 8 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (states) => {
          const items = states
            .join(",")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
          const valid = items.every((s) => (INSTANCE_STATES as readonly string[]).includes(s));
          expect(outcome({ state: states.join(",") }) === "usage").toBe(!valid);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
