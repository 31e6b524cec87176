/** What `triage --watch` draws on a terminal after each tick, and writes in a pipe. */
import { describe, expect, it } from "vitest";
import { eventLines, watchScreen } from "../../../src/output/watch-view.js";
import { emptyWatchState, nextWatchState } from "../../../src/triage/watch-events.js";
import { finding } from "../../helpers/records.js";

const T0 = "2026-12-07T03:00:00.000Z";
const T1 = "2026-12-07T03:01:00.000Z";
const info = { tick: 2, at: T1, incomplete: false, nextInMs: 60_000 };
const options = { width: 80, color: false, now: Date.parse(T1) + 5_000, interval: "60s" };

describe("the watch screen", () => {
  it("lists open findings worst first, marks this tick's, and lists what resolved", () => {
    const low = finding({
      ruleId: "logs.no-retention",
      resourceId: "/aws/lambda/a",
      severity: "low",
      title: "never expires",
    });
    const high = finding({ ruleId: "lambda.errors", resourceId: "orders", severity: "high", title: "9 errors" });
    const gone = finding({
      ruleId: "lambda.throttles",
      resourceId: "orders",
      severity: "medium",
      title: "3 throttles",
    });
    const first = nextWatchState(emptyWatchState(), [low, gone], T0);
    const second = nextWatchState(first.state, [low, high], T1);
    const lines = watchScreen(second.events, second.state, info, options).trimEnd().split("\n");
    expect(lines[0]).toBe("triage --watch · tick 2 at 03:01:00Z · every 60s · next in 1m");
    expect(lines[1]).toBe("2 open: 1 high, 1 low");
    expect(lines[2]).toBe("+ high     5s     orders: 9 errors [lambda.errors]");
    expect(lines[3]).toBe("  low      1m5s   /aws/lambda/a: never expires [logs.no-retention]");
    expect(lines.slice(4)).toEqual(["resolved this tick (1):", "✓ orders: 3 throttles"]);
  });

  it("never lets text from AWS move the cursor, and fits the width", () => {
    const hostile = finding({ resourceId: "fn\u001b[2J", title: `${"x".repeat(200)}\u0007` });
    const { events, state } = nextWatchState(emptyWatchState(), [hostile], T1);
    const screen = watchScreen(events, state, info, { ...options, width: 60 });
    expect(screen).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    for (const line of screen.trimEnd().split("\n")) expect([...line].length).toBeLessThanOrEqual(60);
  });

  it.each([80, 120])("at %i columns each finding's line fits, its text taking at least half of it", (width) => {
    const long = finding({ resourceId: "orders-handler", severity: "high", title: "upstream timed out ".repeat(12) });
    const { events, state } = nextWatchState(emptyWatchState(), [long], T1);
    const lines = watchScreen(events, state, info, { ...options, width })
      .trimEnd()
      .split("\n");
    const row = lines.find((l) => l.includes("orders-handler")) ?? "";
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(width);
    expect([...row.slice(row.indexOf("orders-handler"))].length).toBeGreaterThanOrEqual(Math.floor(width / 2));
  });

  it("writes one JSON object per event in a pipe", () => {
    const one = finding({ resourceId: "orders" });
    const { events } = nextWatchState(emptyWatchState(), [one], T1);
    const lines = eventLines(events).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ event: "opened", at: T1, finding: one }]);
  });
});
