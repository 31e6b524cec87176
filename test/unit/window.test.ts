import { describe, expect, it } from "vitest";
import { resolveWindow } from "../../src/window.js";
import { UsageError } from "../../src/errors.js";

const NOW = Date.UTC(2024, 4, 1, 12);

describe("time windows", () => {
  it("resolves --since and --until back from now into ISO start and end", () => {
    const window = resolveWindow({ text: "2h", ms: 7_200_000 }, { text: "30m", ms: 1_800_000 }, NOW);
    expect(window).toEqual({
      startMs: NOW - 7_200_000,
      endMs: NOW - 1_800_000,
      start: "2024-05-01T10:00:00.000Z",
      end: "2024-05-01T11:30:00.000Z",
    });
    expect(resolveWindow({ text: "1h", ms: 3_600_000 }, undefined, NOW).end).toBe("2024-05-01T12:00:00.000Z");
  });

  it("rejects a window that ends before it starts as bad input (exit 2)", () => {
    const call = () => resolveWindow({ text: "1h", ms: 3_600_000 }, { text: "2h", ms: 7_200_000 }, NOW);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(/the window ends before it starts: --until 2h/);
    try {
      call();
    } catch (error) {
      expect((error as UsageError).exitCode).toBe(2);
    }
  });
});
