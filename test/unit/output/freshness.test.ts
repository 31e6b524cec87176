/** The freshness line: a cache-served result says so first, in 80 columns; diff knows a repeated fetch. */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Source } from "../../../src/cache/store.js";
import {
  FreshnessNotice,
  freshnessLine,
  sameFetch,
  sweepCountAfter,
  sweepFreshnessLine,
  watchFreshness,
} from "../../../src/output/freshness.js";
import { setStderrPreamble, writeStderr } from "../../../src/output/progress.js";

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

  it("offline (--offline, --bundle), where --force is refused, says so instead of offering it", () => {
    const line = freshnessLine([source({ windowEnd: "2026-12-07T03:55:48Z" })], NOW, true);
    expect(line).toBe("awstriage: cached 4m12s ago, window lags 4m12s (offline)\n");
    expect(sweepFreshnessLine([[source({})], []], 2, NOW, false, true)).toBe(
      "awstriage: 1/2 accounts cached, oldest 4m12s (offline)\n",
    );
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
  afterEach(() => setStderrPreamble(undefined));
  const captured = () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    return written;
  };

  it("goes before the first other line on stderr, with the sources read by then, and only once", () => {
    const written = captured();
    const sources: Source[] = [source({ script: "sts", resource: "identity" }), source({ fromCache: false })];
    const notice = watchFreshness(
      false,
      () => sources,
      () => NOW,
    );
    // Nothing cached yet: the warning goes out alone, the line waits.
    writeStderr("awstriage warn: first\n");
    sources.push(source({ ageSeconds: 10, windowEnd: "2026-12-07T03:59:50Z" }));
    writeStderr("awstriage warn: p99 duration unavailable\n");
    writeStderr("awstriage warn: another\n");
    notice.final(freshnessLine(sources, NOW));
    vi.restoreAllMocks();
    expect(written).toEqual([
      "awstriage warn: first\n",
      "awstriage: partly cached 10s ago, window lags 10s — --force to refetch\nawstriage warn: p99 duration unavailable\n",
      "awstriage warn: another\n",
    ]);
  });

  it("is said at the end when nothing was printed before, and not at all when silenced or stopped", () => {
    const written = captured();
    const notice = watchFreshness(
      false,
      () => [source({ ageSeconds: 20 })],
      () => NOW,
    );
    notice.final(freshnessLine([source({ ageSeconds: 20 })], NOW));
    writeStderr("awstriage: account 1 | context\n");
    const silent = watchFreshness(
      true,
      () => [source({})],
      () => NOW,
    );
    writeStderr("a warning\n");
    silent.final(freshnessLine([source({})], NOW));
    const stopped = watchFreshness(
      false,
      () => [source({})],
      () => NOW,
    );
    stopped.stop();
    writeStderr("awstriage: an error\n");
    vi.restoreAllMocks();
    expect(written).toEqual([
      "awstriage: cached 20s ago — --force to refetch\n",
      "awstriage: account 1 | context\n",
      "a warning\n",
      "awstriage: an error\n",
    ]);
  });

  it("adds the lag of a window met after the early line, once", () => {
    const early = captured();
    const written: string[] = [];
    const notice = new FreshnessNotice(false, (t) => written.push(t));
    notice.watch(() => freshnessLine([source({ resource: "functions", ageSeconds: 10 })], NOW));
    writeStderr("awstriage warn: a warning\n");
    vi.restoreAllMocks();
    expect(early).toEqual(["awstriage: cached 10s ago — --force to refetch\nawstriage warn: a warning\n"]);
    const windowed = source({ ageSeconds: 10, windowEnd: "2026-12-07T03:59:50Z" });
    notice.final(freshnessLine([source({ resource: "functions", ageSeconds: 10 }), windowed], NOW));
    expect(written).toEqual(["awstriage: window lags 10s — --force to refetch\n"]);
  });
});

describe("sweepFreshnessLine", () => {
  const cachedAccount = (ageSeconds: number) => [source({ ageSeconds }), source({ script: "sts" })];
  const fetchedAccount = [source({ fromCache: false, ageSeconds: 0 })];

  it("counts the accounts served from the cache and names the oldest entry", () => {
    expect(sweepFreshnessLine([cachedAccount(30), fetchedAccount, cachedAccount(252)], 3, NOW)).toBe(
      "awstriage: 2/3 accounts cached, oldest 4m12s — --force to refetch\n",
    );
    expect(sweepFreshnessLine([fetchedAccount, fetchedAccount], 2, NOW)).toBeUndefined();
  });

  it("says so far while accounts are still running, and the full count follows at the end", () => {
    const early = sweepFreshnessLine([cachedAccount(5)], 4, NOW, true) ?? "";
    expect(early).toBe("awstriage: 1/4 accounts cached so far, oldest 5s — --force to refetch\n");
    const line = sweepFreshnessLine([cachedAccount(5), cachedAccount(6)], 2, NOW) ?? "";
    expect(sweepCountAfter(early, line)).toBe(line);
    expect(sweepCountAfter(line, line)).toBeUndefined();
  });

  it("names a window's lag only where the line still fits 80 columns", () => {
    const lagging = [[source({ ageSeconds: 10, windowEnd: "2026-12-07T03:59:50Z" })]];
    expect(sweepFreshnessLine(lagging, 1, NOW)).toBe(
      "awstriage: 1/1 accounts cached, oldest 10s, window lags 10s — --force to refetch\n",
    );
    const widest = Array.from({ length: 998 }, () => [
      source({ ageSeconds: 59 * 60 + 59, windowEnd: "2026-12-07T03:00:01Z" }),
    ]);
    const line = sweepFreshnessLine(widest, 1000, NOW, true) ?? "";
    expect(line).toBe("awstriage: 998/1000 accounts cached so far, oldest 59m59s — --force to refetch\n");
    expect(line.trimEnd().length).toBeLessThanOrEqual(80);
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
