/** `logs tail --follow`'s polling loop, with scripted polls and a fake clock (no timers). */
import { describe, expect, it } from "vitest";
import type { FilteredLogEvent } from "../../../src/aws/logs.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { follow, OVERLAP_MS, POLL_MAX_MS, POLL_MIN_MS, type FollowDeps } from "../../../src/logs/follow.js";

const ev = (id: string, timestamp: number): FilteredLogEvent => ({
  eventId: id,
  timestamp,
  logStreamName: "s",
  message: id,
});
const throttled = () => new AwsApiError("throttled by AWS", { kind: "throttled" });

/** Runs `follow` over scripted poll answers (an answer may be an error to throw); Ctrl-C after the last. */
async function scripted(answers: Array<FilteredLogEvent[] | Error>, start = 0) {
  const controller = new AbortController();
  let clock = 100_000;
  const starts: number[] = [];
  const pauses: number[] = [];
  const printed: string[] = [];
  const throttles: number[] = [];
  let call = 0;
  const deps: FollowDeps = {
    poll: async (startTime) => {
      starts.push(startTime);
      const answer = answers[call++];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
    print: async (event) => {
      printed.push(event.eventId ?? "?");
    },
    sleep: async (ms) => {
      pauses.push(ms);
      clock += ms;
      if (call >= answers.length) controller.abort();
    },
    now: () => clock,
    onThrottled: (_error, pauseMs) => throttles.push(pauseMs),
  };
  const stats = await follow(deps, start, controller.signal);
  return { stats, starts, pauses, printed, throttles };
}

describe("follow", () => {
  it("prints each event once across overlapping polls, oldest first within a poll", async () => {
    const { printed, stats } = await scripted([
      [ev("b", 99_000), ev("a", 98_000)],
      [ev("a", 98_000), ev("b", 99_000), ev("c", 100_500)],
      [ev("c", 100_500), ev("b", 99_000), ev("d", 101_000)],
    ]);
    expect(printed).toEqual(["a", "b", "c", "d"]);
    expect(stats).toEqual({ polls: 3, printed: 4, duplicates: 4 });
  });

  it("moves the start time to OVERLAP_MS before each poll began, never before the window's start", async () => {
    // Polls begin at 100 s, 101 s (after 1 s: the first found an event) and 103 s (quiet: 2 s).
    expect((await scripted([[ev("a", 1)], [], []], 0)).starts).toEqual([0, 100_000 - OVERLAP_MS, 101_000 - OVERLAP_MS]);
    expect((await scripted([[ev("a", 1)], []], 90_000)).starts).toEqual([90_000, 90_000]);
  });

  it("backs off while quiet (1 s doubling to 10 s) and goes back to 1 s when events come", async () => {
    const quiet = Array.from({ length: 6 }, () => []);
    const { pauses } = await scripted([[], ...quiet, [ev("x", 100_000)], []]);
    expect(pauses.slice(0, 7)).toEqual([2_000, 4_000, 8_000, POLL_MAX_MS, POLL_MAX_MS, POLL_MAX_MS, POLL_MAX_MS]);
    expect(pauses[7]).toBe(POLL_MIN_MS);
  });

  it("after a throttled poll waits the longest pause instead of retrying, then carries on", async () => {
    const { printed, throttles, pauses } = await scripted([
      [ev("a", 99_000)],
      throttled(),
      [ev("a", 99_000), ev("b", 99_500)],
    ]);
    expect(throttles).toEqual([POLL_MAX_MS]);
    expect(pauses.slice(0, 2)).toEqual([POLL_MIN_MS, POLL_MAX_MS]);
    expect(printed).toEqual(["a", "b"]);
  });

  it("ends on any other failure (it is the run's error: exit 4 and so on)", async () => {
    const denied = new AwsApiError("access denied", { kind: "access-denied" });
    await expect(scripted([[], denied, []])).rejects.toBe(denied);
  });

  it("forgets ids whose events fall before the next start, so memory stays within one overlap", async () => {
    // "old" is before every later start: if it came back it would print again, proving it was forgotten.
    const { printed } = await scripted([[ev("old", 1_000)], [ev("old", 1_000)]]);
    expect(printed).toEqual(["old", "old"]);
  });
});
