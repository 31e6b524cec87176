/**
 * Lambda's account-level concurrency per region, for `lambda.concurrency-near-limit`: the
 * limit from GetAccountSettings and the peak of `ConcurrentExecutions` (AWS/Lambda, no
 * dimensions, Maximum) over the window, each cached like every other source.
 *
 * Not every endpoint answers GetAccountSettings (moto_server does not implement it, HTTP 404):
 * there the rule is skipped with one warning for the run, instead of failing the run.
 */
import { completenessOf, markOf } from "../metrics/completeness.js";
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import { AwstriageError } from "../errors/errors.js";
import { httpStatusOf } from "../aws/error-classification.js";
import type { AccountConcurrencyRecord, Batch } from "../rules/types.js";
import type { CachedMetricDataResult } from "../normalize/lambda.js";
import { wholeWindowPeriod } from "../metrics/metric-queries.js";
import { metricSpec } from "./cloudwatch.js";
import type { MetricsWindow } from "./lambda.js";

export interface CachedAccountSettings {
  concurrentExecutions: number | null;
  unreservedConcurrentExecutions: number | null;
  /** Why the endpoint gave no settings (it does not implement the call); absent from AWS itself. */
  unavailable?: string;
}

/**
 * An endpoint that answers HTTP 404 does not have the operation (moto_server): that answer is
 * cached like any other, so a warm run asks again no sooner than any other entry.
 */
export const accountSettingsSpec: FetchSpec<CachedAccountSettings> = {
  script: "lambda",
  resource: "account-settings",
  fetch: async (provider, region) => {
    try {
      return [await (await import("../aws/lambda.js")).getAccountSettings(provider, region)];
    } catch (error) {
      if (!(error instanceof AwstriageError) || httpStatusOf(error.cause) !== 404) throw error;
      const unavailable = "GetAccountSettings answered HTTP 404 (the endpoint does not implement it)";
      return [{ concurrentExecutions: null, unreservedConcurrentExecutions: null, unavailable }];
    }
  },
};

/** The account's peak concurrency over the window: one period spanning it, Maximum. */
export function concurrentExecutionsSpec(options: MetricsWindow): FetchSpec<CachedMetricDataResult> {
  const { window } = options;
  return metricSpec({
    namespace: "AWS/Lambda",
    metricName: "ConcurrentExecutions",
    dimensions: {},
    stat: "Maximum",
    periodSeconds: wholeWindowPeriod(window.endMs - window.startMs, window.startAgeMs),
    since: options.since,
    until: options.until,
    window,
  });
}

const partialReasonOf = (result: CachedMetricDataResult): string[] => {
  const c = completenessOf(result);
  return c.kind === "partial" ? [c.reason] : [];
};

/** `peakPartialReason` when any answer behind the peak was incomplete; nothing when all were complete. */
const partialPeak = (results: readonly CachedMetricDataResult[]) => {
  const { partialReason } = markOf(results.flatMap(partialReasonOf));
  return partialReason === null ? {} : { peakPartialReason: partialReason };
};

const peakOf = (results: readonly CachedMetricDataResult[]): number | null => {
  const values = results.flatMap((r) => r.Values ?? []);
  return values.length === 0 ? null : Math.max(...values);
};

type RegionOutcome = { batch: Batch<AccountConcurrencyRecord> } | { region: string; reason: string };

/**
 * One batch per region. A failed call fails its region like any source's (exit 4, or 5
 * offline); only an endpoint without the operation skips the rule there, with one warning.
 */
export async function accountConcurrencyBatches(
  run: Invocation,
  options: MetricsWindow,
): Promise<Batch<AccountConcurrencyRecord>[]> {
  const outcomes = await run.perRegion("lambda/account-settings", async (region): Promise<RegionOutcome> => {
    // Both at once: the limit and the peak are independent calls.
    const [settings, peak] = await Promise.all([
      run.cachedResource(accountSettingsSpec, region),
      run.cachedResource(concurrentExecutionsSpec(options), region),
    ]);
    const limits = settings.items[0];
    if (limits?.unavailable !== undefined) return { region, reason: limits.unavailable };
    const account = settings.account ?? peak.account;
    const record: AccountConcurrencyRecord = {
      account,
      region,
      concurrentExecutionsLimit: limits?.concurrentExecutions ?? null,
      unreservedConcurrentExecutions: limits?.unreservedConcurrentExecutions ?? null,
      peakConcurrentExecutions: peakOf(peak.items),
      ...partialPeak(peak.items),
    };
    return { batch: { observedAt: peak.source.fetchedAt, records: [record], region, account } };
  });
  const skipped = outcomes.flatMap((o) => ("reason" in o ? [o] : []));
  if (skipped.length > 0)
    run.log.warn(
      { regions: skipped.map((s) => s.region) },
      `lambda.concurrency-near-limit skipped in ${skipped.map((s) => s.region).join(",")}: ${skipped[0]?.reason}`,
    );
  return outcomes.flatMap((o) => ("batch" in o ? [o.batch] : []));
}
