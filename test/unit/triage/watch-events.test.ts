/** `triage --watch`: which findings opened, resolved or changed between two ticks. */
import { describe, expect, it } from "vitest";
import { emptyWatchState, nextWatchState } from "../../../src/triage/watch-events.js";
import { finding } from "../../helpers/records.js";

const errors = finding({ ruleId: "lambda.errors", resourceId: "orders", severity: "high", title: "9 errors" });
const throttles = finding({ ruleId: "lambda.throttles", resourceId: "orders", severity: "medium" });

describe("watch events", () => {
  it("opens every finding of the first tick", () => {
    const { events } = nextWatchState(emptyWatchState(), [errors, throttles], "T1");
    expect(events.map((e) => [e.event, e.finding.ruleId])).toEqual([
      ["opened", "lambda.errors"],
      ["opened", "lambda.throttles"],
    ]);
  });

  it("says nothing when the same findings come back with other counts", () => {
    const first = nextWatchState(emptyWatchState(), [errors], "T1");
    const second = nextWatchState(first.state, [{ ...errors, title: "59 errors", evidence: { errors: 59 } }], "T2");
    expect(second.events).toEqual([]);
    // The finding kept the time it opened, and the newest copy of it.
    expect(second.state.open.get(JSON.stringify(["lambda.errors", errors.account, errors.region, "orders"]))).toEqual({
      finding: { ...errors, title: "59 errors", evidence: { errors: 59 } },
      since: "T1",
    });
  });

  it("resolves a finding that is gone and opens it again when it returns", () => {
    const first = nextWatchState(emptyWatchState(), [errors, throttles], "T1");
    const second = nextWatchState(first.state, [throttles], "T2");
    expect(second.events).toEqual([{ event: "resolved", at: "T2", finding: errors }]);
    const third = nextWatchState(second.state, [errors, throttles], "T3");
    expect(third.events).toEqual([{ event: "opened", at: "T3", finding: errors }]);
  });

  it("reports a change of severity with both values, and restarts the finding's time", () => {
    const first = nextWatchState(emptyWatchState(), [errors], "T1");
    const worse = { ...errors, severity: "critical" as const };
    const second = nextWatchState(first.state, [worse], "T2");
    expect(second.events).toEqual([
      { event: "changed", at: "T2", finding: worse, changes: { severity: ["high", "critical"] } },
    ]);
    expect([...second.state.open.values()][0]?.since).toBe("T2");
  });

  it("reports a change of trend only when both ticks carry one", () => {
    const rising = { ...errors, trend: "rising" } as typeof errors;
    const first = nextWatchState(emptyWatchState(), [errors], "T1");
    expect(nextWatchState(first.state, [rising], "T2").events).toEqual([]);
    const second = nextWatchState(emptyWatchState(), [rising], "T1");
    const recovering = { ...errors, trend: "recovering" } as typeof errors;
    expect(nextWatchState(second.state, [recovering], "T2").events[0]?.changes).toEqual({
      trend: ["rising", "recovering"],
    });
  });

  it("keeps only what is open: resolved findings are forgotten", () => {
    let state = emptyWatchState();
    for (let tick = 0; tick < 100; tick++) {
      const one = finding({ ruleId: "lambda.errors", resourceId: `fn-${tick}` });
      state = nextWatchState(state, [one], `T${tick}`).state;
    }
    expect(state.open.size).toBe(1);
  });
});
