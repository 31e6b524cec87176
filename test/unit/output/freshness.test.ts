/** The freshness line: a cache-served result says so first, in 80 columns; diff knows a repeated fetch. */
import { describe, expect, it } from "vitest";
import type { Source } from "../../../src/cache/store.js";
import { FreshnessNotice, freshnessLine, sameFetch } from "../../../src/output/freshness.js";

const NOW = Date.parse("2026-12-07T04:00:00Z");
const source = (over: Partial<Source>): Source => ({
  path: "/c/lambda/p/us-east-1/metrics.json",
  script: "lambda",
  resource: "metrics",
  region: "us-east-1",
  fetchedAt: "2026-12-07T03:55:48Z",
  fromCache: true,
  ageSeconds: 252,
  ...over,
});

describe("freshnessLine", () => {
  it("names the age and the way out when the result came from the cache", () => {
    expect(freshnessLine([source({})], NOW)).toBe("awstriage: cached 4m12s ago — --force to refetch\n");
  });

  it("says partly, with the oldest age, when some sources were fetched", () => {
    const line = freshnessLine([source({ ageSeconds: 30 }), source({ fromCache: false, ageSeconds: 0 })], NOW);
    expect(line).toBe("awstriage: partly cached 30s ago — --force to refetch\n");
  });

  it("says how far a window that ended at its fetch lags now", () => {
    const line = freshnessLine([source({ windowEnd: "2026-12-07T03:55:48Z" })], NOW);
    expect(line).toBe("awstriage: cached 4m12s ago, window lags 4m12s — --force to refetch\n");
  });

  it("is silent for fetched data, closed windows, and a cached identity beside fetched data", () => {
    expect(freshnessLine([source({ fromCache: false, ageSeconds: 0 })], NOW)).toBeUndefined();
    expect(freshnessLine([source({ immutable: true })], NOW)).toBeUndefined();
    expect(
      freshnessLine([source({ script: "sts", resource: "identity" }), source({ fromCache: false })], NOW),
    ).toBeUndefined();
    // whoami: the identity is all there is.
    expect(freshnessLine([source({ script: "sts", resource: "identity", ageSeconds: 5 })], NOW)).toMatch(
      /cached 5s ago/,
    );
  });

  it("fits 80 columns at its longest (partly cached, lagging window, six-character ages)", () => {
    const line = freshnessLine(
      [source({ ageSeconds: 59 * 60 + 59, windowEnd: "2026-12-07T03:00:01Z" }), source({ fromCache: false })],
      NOW,
    );
    expect(line).toMatch(/^awstriage: partly cached 59m59s ago, window lags 59m59s — --force to refetch$/m);
    expect((line ?? "").trimEnd().length).toBeLessThanOrEqual(80);
  });
});

describe("FreshnessNotice", () => {
  it("writes once, at the first cached data source, and not at all when silenced", () => {
    const written: string[] = [];
    const notice = new FreshnessNotice(false, (t) => written.push(t));
    notice.offer(source({ script: "sts", resource: "identity" }), NOW);
    notice.offer(source({ fromCache: false }), NOW);
    expect(written).toEqual([]);
    notice.offer(source({ ageSeconds: 10 }), NOW);
    notice.offer(source({ ageSeconds: 20 }), NOW);
    notice.final([source({ ageSeconds: 20 })], NOW);
    expect(written).toEqual(["awstriage: cached 10s ago — --force to refetch\n"]);
    const quiet: string[] = [];
    const silent = new FreshnessNotice(true, (t) => quiet.push(t));
    silent.offer(source({}), NOW);
    silent.final([source({})], NOW);
    expect(quiet).toEqual([]);
  });

  it("adds the lag of a window met after the first line, once", () => {
    const written: string[] = [];
    const notice = new FreshnessNotice(false, (t) => written.push(t));
    notice.offer(source({ resource: "functions", ageSeconds: 10 }), NOW);
    const windowed = source({ ageSeconds: 10, windowEnd: "2026-12-07T03:59:50Z" });
    notice.final([source({ resource: "functions", ageSeconds: 10 }), windowed], NOW);
    notice.final([windowed], NOW);
    expect(written).toEqual([
      "awstriage: cached 10s ago — --force to refetch\n",
      "awstriage: window lags 10s — --force to refetch\n",
    ]);
  });
});

describe("sameFetch", () => {
  const a = { path: "lambda/p/us-east-1/metrics.json", fetchedAt: "2026-12-07T03:55:48Z" };
  const b = { path: "ec2/p/us-east-1/instances.json", fetchedAt: "2026-12-07T03:55:49Z" };
  it("is true when every source of the newer document was in the older one", () => {
    expect(sameFetch([a, b], [a, b])).toBe(true);
    expect(sameFetch([a, b], [a])).toBe(true);
  });
  it("is false when anything was refetched, or a document names no sources", () => {
    expect(sameFetch([a, b], [a, { ...b, fetchedAt: "2026-12-07T04:01:00Z" }])).toBe(false);
    expect(sameFetch([a], [])).toBe(false);
  });
});
