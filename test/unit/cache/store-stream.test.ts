import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { cachedStream, type CacheKey, type CacheSettings, type ItemContext } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { createLogger } from "../../../src/output/log.js";
import { AwstriageError, ExitCode } from "../../../src/errors/errors.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const key: CacheKey = {
  script: "logs",
  resource: "events",
  identity: "dev",
  profile: "dev",
  region: "eu-west-1",
  params: {},
};

describe("cachedStream(): a cache hit's items are read as they are iterated", () => {
  let root: string;
  let fetches: number;
  let mapped: number;
  let warnings: string[];
  const clock = Date.parse("2026-01-01T00:00:00Z");
  const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({
    root,
    ttlMs: 300_000,
    force: false,
    offline: false,
    ...over,
  });
  const fetch = async () => {
    fetches++;
    return { items: [1, 2, 3].map((n) => ({ eventId: `e${n}`, fetch: fetches })), account: "111122223333" };
  };
  const mapItem = (item: { eventId: string; fetch: number }, context: ItemContext) => {
    mapped++;
    return item.eventId === "e2" ? undefined : `${context.region}/${item.eventId}#${item.fetch}`;
  };
  const log = () => createLogger("debug", { write: (line: string) => void warnings.push(line) });
  const stream = (over: Partial<CacheSettings> = {}) =>
    cachedStream(settings(over), key, fetch, log(), () => clock, mapItem);

  beforeEach(() => {
    root = makeTempDir("stream");
    fetches = 0;
    mapped = 0;
    warnings = [];
  });
  afterEach(() => removeTempDir(root));

  it("maps a fetch's items at once, and on a hit maps nothing until the items are iterated", async () => {
    const fresh = await stream();
    expect([...fresh.items]).toEqual(["eu-west-1/e1#1", "eu-west-1/e3#1"]);
    expect(mapped).toBe(3);

    mapped = 0;
    const hit = await stream();
    expect(fetches).toBe(1);
    expect(hit.source.fromCache).toBe(true);
    expect(hit.account).toBe("111122223333");
    expect(mapped).toBe(0);
    expect([...hit.items]).toEqual(["eu-west-1/e1#1", "eu-west-1/e3#1"]);
    expect(mapped).toBe(3);
  });

  it("treats a truncated file as unusable before anything is printed: refetches online", async () => {
    await stream();
    const path = cacheFilePath(root, key);
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.lastIndexOf("]}")));
    const again = await stream();
    expect(fetches).toBe(2);
    expect(again.source.fromCache).toBe(false);
    expect(warnings.join("")).toMatch(/truncated/);
  });

  it("accepts what the whole-file reader accepts at the end: blank lines after the closing line", async () => {
    await stream();
    const path = cacheFilePath(root, key);
    writeFileSync(path, `${readFileSync(path, "utf8")}\n  \n`);
    const hit = await stream();
    expect(fetches).toBe(1);
    expect([...hit.items]).toEqual(["eu-west-1/e1#1", "eu-west-1/e3#1"]);
  });

  it("offline, a truncated file is exit 5 naming it, before any item", async () => {
    await stream();
    const path = cacheFilePath(root, key);
    writeFileSync(path, readFileSync(path, "utf8").replace(/\]\}\n$/, ""));
    await expect(stream({ offline: true })).rejects.toMatchObject({
      exitCode: ExitCode.offlineMiss,
      message: expect.stringContaining(path),
    });
  });

  it("a damaged item line found while iterating ends the iteration with exit 5, after the items before it", async () => {
    await stream();
    const path = cacheFilePath(root, key);
    const lines = readFileSync(path, "utf8").split("\n");
    lines[2] = '{"eventId": "e2", "fetch"'; // the second item, cut short
    writeFileSync(path, lines.join("\n"));
    const hit = await stream();
    const seen: unknown[] = [];
    let failure: unknown;
    try {
      for (const item of hit.items) seen.push(item);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual(["eu-west-1/e1#1"]);
    expect(failure).toBeInstanceOf(AwstriageError);
    expect(failure).toMatchObject({
      exitCode: ExitCode.offlineMiss,
      message: expect.stringMatching(/became unusable while it was read: not valid JSON at item 2/),
    });
  });

  it("reads a file written compactly (by hand) too", async () => {
    await stream();
    const path = cacheFilePath(root, key);
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, "utf8"))));
    const hit = await stream();
    expect(hit.source.fromCache).toBe(true);
    expect([...hit.items]).toEqual(["eu-west-1/e1#1", "eu-west-1/e3#1"]);
  });

  it("each iteration reads the file afresh", async () => {
    const hit = (await stream(), await stream());
    expect([...hit.items]).toEqual([...hit.items]);
    expect(mapped).toBe(3 + 3 + 3);
  });
});
