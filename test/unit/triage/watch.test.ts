/** `triage --watch`'s loop, with scripted ticks and a fake clock (no timers). */
import { describe, expect, it } from "vitest";
import { AwsApiError } from "../../../src/errors/errors.js";
import type { Finding } from "../../../src/records/index.js";
import { MAX_BACKOFF, watch, type TickResult, type WatchDeps } from "../../../src/triage/watch.js";
import type { WatchEvent } from "../../../src/triage/watch-events.js";
import { finding } from "../../helpers/records.js";

const INTERVAL = 60_000;
const ok = (findings: Finding[], extra: Partial<TickResult> = {}): TickResult => ({
  findings,
  incomplete: false,
  throttled: false,
  ...extra,
});
const throttledError = () => new AwsApiError("throttled by AWS", { kind: "throttled" });

async function scripted(answers: Array<TickResult | Error>, abortAfter = answers.length) {
  const controller = new AbortController();
  let clock = Date.UTC(2026, 11, 7, 3, 0, 0);
  let call = 0;
  const shown: WatchEvent[][] = [];
  const pauses: number[] = [];
  const failures: unknown[] = [];
  const deps: WatchDeps = {
    tick: async () => {
      const answer = answers[call++] as TickResult | Error;
      if (call >= abortAfter) queueMicrotask(() => controller.abort());
      if (answer instanceof Error) throw answer;
      return answer;
    },
    show: async (events) => {
      shown.push(events);
    },
    sleep: async (ms) => {
      pauses.push(ms);
      clock += ms;
    },
    now: () => clock,
    onTickFailed: (error) => failures.push(error),
  };
  const stats = await watch(deps, INTERVAL, controller.signal, answers.length);
  return { stats, shown, pauses, failures };
}

const bad = finding({ ruleId: "lambda.errors", resourceId: "orders" });

describe("the watch loop", () => {
  it("opens a breach when it appears and resolves it when it stops", async () => {
    const { shown, stats } = await scripted([ok([]), ok([bad]), ok([bad]), ok([])]);
    expect(shown.map((events) => events.map((e) => e.event))).toEqual([[], ["opened"], [], ["resolved"]]);
    expect(stats).toEqual({ ticks: 4, failedTicks: 0, events: 2 });
  });

  it("keeps going through a failed tick and says so", async () => {
    const { shown, failures, stats } = await scripted([
      ok([bad]),
      new AwsApiError("endpoint unreachable", { kind: "unreachable" }),
      ok([bad]),
    ]);
    expect(failures).toHaveLength(1);
    expect(stats.failedTicks).toBe(1);
    // The failed tick did not resolve what was open: the next good tick sees it unchanged.
    expect(shown.map((events) => events.map((e) => e.event))).toEqual([["opened"], []]);
  });

  it("backs off across throttled ticks, up to its limit, and comes back to the interval", async () => {
    const answers: Array<TickResult | Error> = [];
    for (let i = 0; i < 5; i++) answers.push(throttledError());
    answers.push(ok([], { throttled: true }), ok([]), ok([]));
    const { pauses } = await scripted(answers);
    expect(pauses).toEqual([2, 4, 8, 8, 8, 8, 1].map((n) => n * INTERVAL));
    expect(Math.max(...pauses)).toBe(MAX_BACKOFF * INTERVAL);
  });

  it("stops at once when aborted, without another pause", async () => {
    const { stats, pauses } = await scripted([ok([bad]), ok([bad]), ok([bad])], 2);
    expect(stats.ticks).toBe(2);
    expect(pauses).toHaveLength(1);
  });
});
