/** `logs search --newest`: the newest N in bounded memory, whatever order the items come in. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { newestKeeper } from "../../../src/logs/newest.js";

const byNumber = (a: number, b: number) => a - b;

describe("newestKeeper", () => {
  it("keeps exactly the newest N, oldest first, for any input order (against sort-then-slice)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (items, n) => {
          const keeper = newestKeeper(n, byNumber);
          for (const item of items) keeper.add(item);
          expect(keeper.result()).toEqual([...items].sort(byNumber).slice(-n));
          expect(keeper.seen).toBe(items.length);
        },
      ),
    );
  });

  it("never holds more than 2N items, however many pass through", () => {
    const keeper = newestKeeper(100, byNumber);
    for (let i = 100_000; i > 0; i--) keeper.add(i);
    expect(keeper.peak).toBeLessThanOrEqual(200);
    expect(keeper.result()).toEqual(Array.from({ length: 100 }, (_, i) => 99_901 + i));
  });

  it("refuses a size below 1 (a bug, not bad input: the option schema checks --newest)", () => {
    expect(() => newestKeeper(0, byNumber)).toThrow(RangeError);
  });
});
