import { describe, expect, it } from "vitest";
import { ago, beforeOrAfter, isIsoTime, shortDuration, sinceNow } from "../../../src/time/relative.js";

const NOW = Date.parse("2026-12-07T04:00:00Z");
const minutes = (m: number) => new Date(NOW - m * 60_000).toISOString();

describe("relative times", () => {
  it("the largest unit, and the next one under ten of it", () => {
    expect(shortDuration(45_000)).toBe("45s");
    expect(shortDuration(12 * 60_000 + 5_000)).toBe("12m");
    expect(shortDuration(2 * 3_600_000 + 13 * 60_000)).toBe("2h13m");
    expect(shortDuration(3 * 3_600_000)).toBe("3h");
    expect(shortDuration(14 * 3_600_000 + 59 * 60_000)).toBe("14h");
    expect(shortDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d4h");
    expect(shortDuration(12 * 86_400_000)).toBe("12d");
    expect(shortDuration(500)).toBe("0s");
  });

  it("ago, since and ahead", () => {
    expect(ago(minutes(47), NOW)).toBe("47m ago");
    expect(ago(minutes(-30), NOW)).toBe("in 30m");
    expect(ago(NOW, NOW)).toBe("just now");
    expect(sinceNow(minutes(12), NOW)).toBe("since 12m");
    expect(ago("not a time", NOW)).toBe("not a time");
  });

  it("one time against another", () => {
    expect(beforeOrAfter(minutes(82), minutes(80))).toBe("2m before");
    expect(beforeOrAfter(minutes(70), minutes(80))).toBe("10m after");
    expect(beforeOrAfter(minutes(80), minutes(80))).toBe("just before");
    // To the nearest minute: an onset is the start of a period.
    expect(beforeOrAfter(NOW - 107_000, NOW)).toBe("2m before");
  });

  it("knows a record's ISO time from other text", () => {
    expect(isIsoTime("2026-12-07T04:00:00.000Z")).toBe(true);
    expect(isIsoTime("2026-12-07T04:00:00+00:00")).toBe(true);
    expect(isIsoTime("2026-12-07")).toBe(false);
    expect(isIsoTime("orders-handler")).toBe(false);
    expect(isIsoTime(42)).toBe(false);
  });
});
