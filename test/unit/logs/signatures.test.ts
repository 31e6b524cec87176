import { describe, expect, it } from "vitest";
import { groupSignatures, signatureOf } from "../../../src/logs/signatures.js";

describe("log signatures", () => {
  it("masks numbers and request ids, so two timeouts with different numbers are one signature", () => {
    const a = signatureOf("Timeout after 3001 ms calling orders-db (req 7f3a9c01)");
    const b = signatureOf("Timeout after 2987 ms calling orders-db (req 91bc44e2)");
    expect(a).toBe("Timeout after <n> ms calling orders-db (req <hex>)");
    expect(b).toBe(a);
  });

  it("masks timestamps, UUIDs, hex, ids and quoted values, and keeps plain words", () => {
    expect(
      signatureOf(
        "2024-05-01T10:00:00.123Z\t6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\tERROR\tKeyError: 'order' on i-0abc123 at 0xdeadbeef \"x y\"",
      ),
    ).toBe("<time> <uuid> ERROR KeyError: <str> on <id> at <hex> <str>");
    expect(signatureOf("Task timed out after 3.00 seconds")).toBe("Task timed out after <n> seconds");
    expect(signatureOf("cafe failed")).toBe("cafe failed");
  });

  it("reads a Python traceback by its last line, and any other message by its first", () => {
    expect(signatureOf("Traceback (most recent call last):\n  File \"x.py\", line 3\nKeyError: 'id'\n")).toBe(
      "KeyError: <str>",
    );
    expect(signatureOf("[ERROR] ValueError: bad 12\nTraceback (most recent call last):\n  File x")).toBe(
      "[ERROR] ValueError: bad <n>",
    );
  });

  it("groups 300 timeouts and 50 other errors into two signatures, the first at 86 %", () => {
    const base = Date.UTC(2026, 11, 7, 3);
    const events = [
      ...Array.from({ length: 300 }, (_, i) => ({
        timestamp: base + i * 1000,
        message: `Timeout after ${2900 + i} ms calling orders-db (req ${(0x7f3a0000 + i).toString(16)})`,
      })),
      ...Array.from({ length: 50 }, (_, i) => ({
        timestamp: base + 500 + i * 1000,
        message: `ERROR PaymentDeclined: card ${4000 + i} declined`,
      })),
    ];
    const signatures = groupSignatures(events);
    expect(signatures.map((s) => [s.signature, s.count])).toEqual([
      ["Timeout after <n> ms calling orders-db (req <hex>)", 300],
      ["ERROR PaymentDeclined: card <n> declined", 50],
    ]);
    expect(signatures[0]?.share).toBeCloseTo(300 / 350);
    expect(Math.round((signatures[0]?.share ?? 0) * 100)).toBe(86);
    expect(signatures[0]).toMatchObject({
      firstAt: new Date(base).toISOString(),
      lastAt: new Date(base + 299_000).toISOString(),
      example: "Timeout after 2900 ms calling orders-db (req 7f3a0000)",
    });
  });

  it("keeps the top three by count, ties in the order first seen", () => {
    const events = ["a", "b", "b", "c", "d", "d"].map((m, i) => ({ timestamp: i, message: `${m} failed` }));
    expect(groupSignatures(events).map((s) => s.signature)).toEqual(["b failed", "d failed", "a failed"]);
    expect(groupSignatures([])).toEqual([]);
  });
});
