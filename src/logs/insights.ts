/**
 * Logs Insights: start a query, poll GetQueryResults with growing waits until it is Complete,
 * and give up after a timeout, stopping the query so it does not keep scanning (and billing).
 * The three calls are injected, so the polling is tested with fake timers and no SDK.
 */
import type { GetQueryResultsResponse, ResultField } from "@aws-sdk/client-cloudwatch-logs";
import { fail } from "../errors/errors.js";
import { formatAge } from "../time/duration.js";

export interface InsightsCalls {
  start(): Promise<string>;
  poll(queryId: string): Promise<GetQueryResultsResponse>;
  stop(queryId: string): Promise<void>;
}

export interface InsightsPollOptions {
  region: string;
  timeoutMs: number;
  /** After each poll: records matched so far and the query's status. */
  onProgress?: (recordsMatched: number, status: string) => void;
  /** A StopQuery that failed after giving up is worth a warning, not a different error. */
  onStopFailed?: (queryId: string, error: unknown) => void;
}

/** Waits between polls start short (most queries finish in seconds) and grow to a cap. */
export const FIRST_WAIT_MS = 500;
export const WAIT_GROWTH = 1.5;
export const MAX_WAIT_MS = 5_000;

const FAILURE_ADVICE: Readonly<Record<string, string>> = {
  Failed: "check the query syntax (try it in the CloudWatch console), or narrow --since or the log groups",
  Cancelled: "the query was stopped outside awstriage; run the command again",
  Timeout: "CloudWatch Logs stopped it at its own time limit; narrow --since, the log groups or the query",
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one query to completion and returns its rows (raw `ResultField` lists). */
export async function runInsightsQuery(calls: InsightsCalls, options: InsightsPollOptions): Promise<ResultField[][]> {
  const queryId = await calls.start();
  const stop = () => calls.stop(queryId).catch((error: unknown) => options.onStopFailed?.(queryId, error));
  const deadline = Date.now() + options.timeoutMs;
  let wait = FIRST_WAIT_MS;
  let status = "Scheduled";
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      await stop();
      throw fail(
        "InsightsTimedOut",
        { queryId, region: options.region, after: formatAge(options.timeoutMs), status },
        { region: options.region, operation: "GetQueryResults" },
      );
    }
    await sleep(Math.min(wait, remaining));
    wait = Math.min(wait * WAIT_GROWTH, MAX_WAIT_MS);
    let response: GetQueryResultsResponse;
    try {
      response = await calls.poll(queryId);
    } catch (error) {
      // The query still runs (and bills) in AWS: stop it before reporting the failure.
      await stop();
      throw error;
    }
    status = response.status ?? "Unknown";
    options.onProgress?.(response.statistics?.recordsMatched ?? 0, status);
    if (status === "Complete") return response.results ?? [];
    const advice = FAILURE_ADVICE[status];
    if (advice !== undefined) {
      throw fail(
        "InsightsFailed",
        { queryId, region: options.region, status, advice },
        { region: options.region, operation: "GetQueryResults" },
      );
    }
  }
}
