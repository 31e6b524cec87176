import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  checkWindowOrder,
  parseWindowBound,
  resolveWindow,
  windowFlags,
  type WindowBound,
} from "../../../src/time/window.js";
import { UsageError } from "../../../src/errors/errors.js";

const NOW = Date.UTC(2024, 4, 1, 12);
const ago = (text: string) => parseWindowBound(text, "--since");
const at = (text: string) => parseWindowBound(text, "--until");

function usage(call: () => unknown): UsageError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return error as UsageError;
  }
  throw new Error("expected a usage error");
}

describe("parseWindowBound", () => {
  it.each([
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["2d12h", 216_000_000],
    [" 1h ", 3_600_000],
  ])("reads the duration %j as %d ms back from now", (text, ms) => {
    expect(parseWindowBound(text, "--since")).toEqual({ kind: "ago", text: text.trim(), ms });
  });

  it.each([
    ["2026-11-30T08:00:00Z", "2026-11-30T08:00:00.000Z", false],
    ["2026-11-30T08:00:00.250Z", "2026-11-30T08:00:00.250Z", false],
    ["2026-11-30T09:30:00+01:30", "2026-11-30T08:00:00.000Z", false],
    ["2026-11-30T03:00-0500", "2026-11-30T08:00:00.000Z", false],
    ["2026-11-30T08:00", "2026-11-30T08:00:00.000Z", true],
    ["2026-11-30T08:00:05", "2026-11-30T08:00:05.000Z", true],
    ["2026-11-30", "2026-11-30T00:00:00.000Z", true],
  ])("reads the time %j as %s (zone assumed: %s)", (text, iso, zoneAssumed) => {
    const bound = parseWindowBound(text, "--since");
    expect(bound).toEqual({ kind: "at", text, ms: Date.parse(iso), zoneAssumed });
  });

  it.each([
    ["2026-02-30", /invalid --since "2026-02-30": no such date or time/],
    ["2026-11-30T24:00", /no such date or time/],
    ["2026-11-30T08:00+25:00", /no such date or time/],
    ["2026-11-30T08", /expected an ISO-8601 time/],
    ["2026-11-30Z", /expected an ISO-8601 time/],
    ["yesterday", /invalid --since "yesterday": expected a duration such as 15m, 1h30m or 2d, or a time/],
    ["30m1h", /invalid --since "30m1h"/],
    ["0", /--since must be longer than 0/],
    ["9999d", /longer than the 455 days/],
  ])("refuses %j with a usage error naming the flag", (text, message) => {
    expect(usage(() => parseWindowBound(text, "--since")).message).toMatch(message);
  });
});

describe("resolveWindow", () => {
  it("resolves durations back from now into ISO start and end, a moving window", () => {
    const window = resolveWindow(ago("2h"), at("30m"), NOW);
    expect(window).toEqual({
      startMs: NOW - 7_200_000,
      endMs: NOW - 1_800_000,
      startAgeMs: 7_200_000,
      start: "2024-05-01T10:00:00.000Z",
      end: "2024-05-01T11:30:00.000Z",
    });
    expect(resolveWindow(ago("1h"), undefined, NOW).end).toBe("2024-05-01T12:00:00.000Z");
  });

  it("marks a window with both ends absolute, and over, as fixed; a moving end is not", () => {
    const fixed = resolveWindow(ago("2024-05-01T08:00Z"), at("2024-05-01T09:00:00Z"), NOW);
    expect(fixed).toMatchObject({ start: "2024-05-01T08:00:00.000Z", end: "2024-05-01T09:00:00.000Z", fixed: true });
    expect(resolveWindow(ago("2024-05-01T08:00Z"), undefined, NOW)).not.toHaveProperty("fixed");
    expect(resolveWindow(ago("2024-05-01T08:00Z"), at("1h"), NOW)).not.toHaveProperty("fixed");
    expect(resolveWindow(ago("3h"), at("2024-05-01T10:00Z"), NOW)).not.toHaveProperty("fixed");
  });

  it("cuts an end in the future at now, and such a window is not fixed", () => {
    const window = resolveWindow(ago("2024-05-01"), at("2024-05-02"), NOW);
    expect(window.end).toBe("2024-05-01T12:00:00.000Z");
    expect(window).not.toHaveProperty("fixed");
  });

  it("says when a time without a zone was read as UTC, once per flag", () => {
    const notes: string[] = [];
    resolveWindow(ago("2024-05-01T08:00"), at("2024-05-01T09:00Z"), NOW, (m) => notes.push(m));
    expect(notes).toEqual(["--since 2024-05-01T08:00 names no time zone: read as UTC, 2024-05-01T08:00:00.000Z"]);
  });

  it.each<[string, WindowBound, WindowBound | undefined, RegExp]>([
    ["durations", ago("1h"), at("2h"), /the window ends before it starts: --until 2h/],
    ["equal durations", ago("1h"), at("1h"), /the window ends before it starts/],
    ["times", ago("2024-05-01T09:00Z"), at("2024-05-01T08:00Z"), /--until 2024-05-01T08:00Z is not after --since/],
    ["a time and a duration", ago("2024-05-01T11:30Z"), at("1h"), /the window ends before it starts: --until 1h/],
  ])("refuses a window that ends before it starts (%s) as exit 2", (_, since, until, message) => {
    expect(usage(() => resolveWindow(since, until, NOW)).message).toMatch(message);
  });

  it("refuses a start in the future, and one further back than CloudWatch keeps data, as exit 2", () => {
    expect(usage(() => resolveWindow(ago("2024-05-01T12:00:01Z"), undefined, NOW)).message).toMatch(
      /--since 2024-05-01T12:00:01Z is in the future/,
    );
    expect(usage(() => resolveWindow(ago("2023-01-01"), undefined, NOW)).message).toMatch(/more than 455 days ago/);
  });
});

describe("window flags in an option schema", () => {
  const schema = z.object(windowFlags()).check(checkWindowOrder);

  it("defaults --since to 1h and leaves --until open", () => {
    expect(z.parse(schema, {})).toEqual({ since: { kind: "ago", text: "1h", ms: 3_600_000 }, until: undefined });
  });

  it("refuses a misordered window before any clock is read", () => {
    const parsed = z.safeParse(schema, { since: "2026-11-30T09:00Z", until: "2026-11-30T08:00Z" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/the window ends before it starts/);
  });
});
