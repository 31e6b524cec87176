import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GetQueryResultsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { FIRST_WAIT_MS, MAX_WAIT_MS, runInsightsQuery, type InsightsCalls } from "../../../src/logs/insights.js";
import { AwsApiError } from "../../../src/errors/errors.js";

const ROWS = [[{ field: "@message", value: "boom" }]];

/** Calls whose GetQueryResults walks through `statuses` (the last one repeats). */
function scripted(statuses: string[]) {
  const polls: number[] = [];
  const stops: string[] = [];
  const calls: InsightsCalls = {
    start: async () => "q-42",
    poll: async (id) => {
      expect(id).toBe("q-42");
      polls.push(Date.now());
      const status = statuses[Math.min(polls.length - 1, statuses.length - 1)];
      return {
        status,
        results: status === "Complete" ? ROWS : [],
        statistics: { recordsMatched: polls.length },
      } as GetQueryResultsResponse;
    },
    stop: async (id) => {
      stops.push(id);
    },
  };
  return { calls, polls, stops };
}

describe("Logs Insights polling", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("polls through Scheduled and Running with growing waits and returns the rows once Complete", async () => {
    const { calls, polls, stops } = scripted(["Scheduled", "Running", "Running", "Complete"]);
    const progress: Array<[number, string]> = [];
    const started = Date.now();
    const result = runInsightsQuery(calls, {
      region: "us-east-1",
      timeoutMs: 60_000,
      onProgress: (n, s) => progress.push([n, s]),
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toEqual(ROWS);
    expect(polls).toHaveLength(4);
    const waits = polls.map((t, i) => t - (i === 0 ? started : (polls[i - 1] as number)));
    expect(waits[0]).toBe(FIRST_WAIT_MS);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] as number);
    expect(progress.map(([, s]) => s)).toEqual(["Scheduled", "Running", "Running", "Complete"]);
    expect(stops).toEqual([]);
  });

  it("never waits longer than the cap between polls", async () => {
    const { calls, polls } = scripted([...Array<string>(30).fill("Running"), "Complete"]);
    const result = runInsightsQuery(calls, { region: "us-east-1", timeoutMs: 3_600_000 });
    await vi.runAllTimersAsync();
    await result;
    const gaps = polls.slice(1).map((t, i) => t - (polls[i] as number));
    expect(Math.max(...gaps)).toBe(MAX_WAIT_MS);
  });

  it.each(["Failed", "Cancelled", "Timeout"])(
    "a query that ends %s is an AWS error (exit 4) naming the query id",
    async (status) => {
      const { calls, stops } = scripted(["Running", status]);
      const result = runInsightsQuery(calls, { region: "eu-west-1", timeoutMs: 60_000 }).catch((e: unknown) => e);
      await vi.runAllTimersAsync();
      const error = await result;
      expect(error).toBeInstanceOf(AwsApiError);
      expect((error as AwsApiError).exitCode).toBe(4);
      expect((error as AwsApiError).message).toBe(`Logs Insights query q-42 in eu-west-1 ended with status ${status}`);
      expect((error as AwsApiError).suggestion).toBeTruthy();
      expect(stops).toEqual([]);
    },
  );

  it("keeps polling through Unknown until the query completes", async () => {
    const { calls, polls } = scripted(["Unknown", "Unknown", "Complete"]);
    const result = runInsightsQuery(calls, { region: "us-east-1", timeoutMs: 60_000 });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toEqual(ROWS);
    expect(polls).toHaveLength(3);
  });

  it("gives up at --timeout, stops the query, and says so with the query id", async () => {
    const { calls, polls, stops } = scripted(["Running"]);
    const started = Date.now();
    const result = runInsightsQuery(calls, { region: "us-east-1", timeoutMs: 20_000 }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).message).toMatch(
      /^gave up on Logs Insights query q-42 in us-east-1 after 20s \(last status Running\); it was stopped$/,
    );
    expect(stops).toEqual(["q-42"]);
    // The last poll happens at the deadline, none after it.
    expect(polls.at(-1)).toBe(started + 20_000);
  });

  it("stops the query when polling fails, then reports the polling error", async () => {
    const { calls, stops } = scripted(["Running"]);
    const pollError = new Error("connection reset");
    calls.poll = async () => {
      throw pollError;
    };
    const result = runInsightsQuery(calls, { region: "us-east-1", timeoutMs: 60_000 }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await result).toBe(pollError);
    expect(stops).toEqual(["q-42"]);
  });

  it("still reports the timeout when StopQuery itself fails, and tells the caller", async () => {
    const { calls } = scripted(["Running"]);
    calls.stop = async () => {
      throw new Error("stop failed");
    };
    const stopFailures: string[] = [];
    const result = runInsightsQuery(calls, {
      region: "us-east-1",
      timeoutMs: 2_000,
      onStopFailed: (id) => stopFailures.push(id),
    }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect((await result) as AwsApiError).toBeInstanceOf(AwsApiError);
    expect(((await result) as AwsApiError).message).toMatch(/gave up on Logs Insights query q-42/);
    expect(stopFailures).toEqual(["q-42"]);
  });
});
