/** Issue 15: an entry of a fixed window that had closed (plus late data) before its fetch is served past --ttl. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import {
  cached,
  isImmutableEntry,
  type CacheKey,
  type CacheSettings,
  type TimeWindow,
} from "../../../src/cache/store.js";
import { isFresh } from "../../../src/cache/policy.js";
import { createLogger } from "../../../src/output/log.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const log = createLogger("silent");
const key: CacheKey = {
  script: "logs",
  resource: "events",
  identity: "unit",
  profile: "unit",
  region: "us-east-1",
  params: { since: "2024-05-01T08:00Z", until: "2024-05-01T09:00Z" },
};
const END = Date.parse("2024-05-01T09:00:00.000Z");
const FIXED: TimeWindow = { start: "2024-05-01T08:00:00.000Z", end: "2024-05-01T09:00:00.000Z", fixed: true };
const HOUR = 3_600_000;

describe("immutable windows in the cache", () => {
  let root: string;
  beforeEach(() => {
    root = makeTempDir("immutable");
  });
  afterEach(() => removeTempDir(root));

  /** Fetches once at `fetchedAt` with `window`, then asks again at `askedAt`; returns how many fetches reached "AWS". */
  async function fetchesFor(
    window: TimeWindow,
    fetchedAt: number,
    askedAt: number,
    settings: Partial<CacheSettings> = {},
  ): Promise<{ calls: number; immutable: boolean | undefined }> {
    const base: CacheSettings = {
      root: mkdtempSync(join(root, "run-")),
      ttlMs: 5 * 60_000,
      force: false,
      offline: false,
    };
    let calls = 0;
    const fetch = async () => {
      calls++;
      return { items: [calls], account: "123456789012", window };
    };
    await cached(base, key, fetch, log, () => fetchedAt);
    const second = await cached({ ...base, ...settings }, key, fetch, log, () => askedAt);
    return { calls, immutable: second.source.immutable };
  }

  it("serves a fixed window fetched 15 minutes or more after its end from the cache a day later, and says so", async () => {
    expect(await fetchesFor(FIXED, END + 15 * 60_000, END + 24 * HOUR)).toEqual({ calls: 1, immutable: true });
  });

  it("refetches past --ttl when the fetch came within 15 minutes of the window's end (late data may still arrive)", async () => {
    expect(await fetchesFor(FIXED, END + 14 * 60_000, END + 24 * HOUR)).toEqual({ calls: 2, immutable: undefined });
  });

  it("refetches a window that moves (not fixed) past --ttl, however long ago it ended", async () => {
    const moving = { start: FIXED.start, end: FIXED.end };
    expect((await fetchesFor(moving, END + HOUR, END + 24 * HOUR)).calls).toBe(2);
  });

  it("still refetches with --force or --ttl 0", async () => {
    expect((await fetchesFor(FIXED, END + HOUR, END + 2 * HOUR, { force: true })).calls).toBe(2);
    expect((await fetchesFor(FIXED, END + HOUR, END + 2 * HOUR, { ttlMs: 0 })).calls).toBe(2);
  });

  it("does not call a fresh hit immutable: that is only said of an entry kept past --ttl", async () => {
    expect(await fetchesFor(FIXED, END + HOUR, END + HOUR + 1000)).toEqual({ calls: 1, immutable: undefined });
  });

  it("decides from the envelope header alone", () => {
    const fetchedAt = new Date(END + 15 * 60_000).toISOString();
    expect(isImmutableEntry({ fetchedAt, window: FIXED })).toBe(true);
    expect(isImmutableEntry({ fetchedAt, window: { ...FIXED, fixed: false } })).toBe(false);
    expect(isImmutableEntry({ fetchedAt })).toBe(false);
    expect(isImmutableEntry({ fetchedAt: "garbage", window: FIXED })).toBe(false);
  });

  it("lists such an entry as fresh in cache ls past --ttl (a run would use it), but not with --ttl 0", () => {
    const header = { fetchedAt: new Date(END + HOUR).toISOString(), window: FIXED };
    expect(isFresh(header, 5 * 60_000, END + 24 * HOUR)).toBe(true);
    expect(isFresh(header, 0, END + 24 * HOUR)).toBe(false);
    expect(isFresh({ ...header, window: { start: FIXED.start, end: FIXED.end } }, 5 * 60_000, END + 24 * HOUR)).toBe(
      false,
    );
  });
});
