import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { cached, type CacheKey, type CacheSettings } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { createLogger } from "../../../src/output/log.js";
import { OfflineMissError } from "../../../src/errors/errors.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const key: CacheKey = {
  script: "ec2",
  resource: "instances",
  identity: "dev",
  profile: "dev",
  region: "us-east-1",
  params: {},
};

describe("cached()", () => {
  let root: string;
  let logs: string[];
  let calls: number;
  let clock: number;
  const log = () => createLogger("debug", { write: (line: string) => void logs.push(line) });
  const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({
    root,
    ttlMs: 300_000,
    force: false,
    offline: false,
    ...over,
  });
  const fetchItems = async () => {
    calls++;
    return { items: [{ InstanceId: `i-${calls}`, LaunchTime: new Date(0) }], account: Promise.resolve("111122223333") };
  };
  const run = (over: Partial<CacheSettings> = {}) => cached(settings(over), key, fetchItems, log(), () => clock);

  beforeEach(() => {
    root = makeTempDir("store");
    logs = [];
    calls = 0;
    clock = Date.parse("2026-01-01T00:00:00Z");
  });
  afterEach(() => removeTempDir(root));

  it("fetches on a miss, then serves the fresh entry without fetching", async () => {
    const first = await run();
    expect(first.source).toMatchObject({ fromCache: false, ageSeconds: 0, path: cacheFilePath(root, key) });
    clock += 299_000;
    const second = await run();
    expect(calls).toBe(1);
    expect(second.source).toMatchObject({ fromCache: true, ageSeconds: 299 });
    expect(second.items).toEqual(first.items);
    expect(second.account).toBe("111122223333");
  });

  it("returns the same JSON shape fresh and cached (dates as ISO strings)", async () => {
    const first = await run();
    expect(first.items[0]).toEqual({ InstanceId: "i-1", LaunchTime: "1970-01-01T00:00:00.000Z" });
  });

  it("refetches once the entry is as old as the TTL, and always with --force", async () => {
    await run();
    clock += 300_000;
    await run();
    expect(calls).toBe(2);
    await run({ force: true });
    expect(calls).toBe(3);
  });

  it("offline serves an entry of any age and never fetches", async () => {
    await run();
    clock += 30 * 86_400_000;
    const result = await run({ offline: true });
    expect(calls).toBe(1);
    expect(result.source.ageSeconds).toBe(30 * 86_400);
  });

  it("offline with nothing cached is exit 5 naming the file", async () => {
    const error = await run({ offline: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflineMissError);
    expect((error as OfflineMissError).exitCode).toBe(5);
    expect((error as Error).message).toContain(cacheFilePath(root, key));
    expect(calls).toBe(0);
  });

  it.each([
    ["truncated", '{"schemaVersion":1,"items":['],
    ["empty", ""],
    ["not JSON", "hello"],
    ["another schema", JSON.stringify({ schemaVersion: 2, items: [] })],
  ])("a %s file is a warned miss online and exit 5 offline", async (_label, content) => {
    const path = cacheFilePath(root, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    await expect(run({ offline: true })).rejects.toThrow(path);
    await run();
    expect(calls).toBe(1);
    expect(logs.some((l) => l.includes("unusable cache file"))).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8")).schemaVersion).toBe(1);
  });

  it("writes 0600 files in 0700 folders and leaves no temporary file", async () => {
    await run();
    const path = cacheFilePath(root, key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const dir of [join(root, "ec2"), join(root, "ec2", "dev"), dirname(path)])
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dirname(path))).toEqual(["instances.json"]);
  });

  it("a failed write is a warning and the result is still returned", async () => {
    writeFileSync(join(root, "ec2"), "not a folder");
    const result = await run();
    expect(result.items).toHaveLength(1);
    expect(logs.some((l) => l.includes("could not write the cache"))).toBe(true);
  });

  it("stores the envelope with account, params and version", async () => {
    await cached(settings(), { ...key, params: { since: "1h" } }, fetchItems, log(), () => clock);
    const path = cacheFilePath(root, { ...key, params: { since: "1h" } });
    expect(path).toMatch(/instances-[0-9a-f]{12}\.json$/);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({
      schemaVersion: 1,
      script: "ec2",
      resource: "instances",
      profile: "dev",
      account: "111122223333",
      region: "us-east-1",
      params: { since: "1h" },
      fetchedAt: "2026-01-01T00:00:00.000Z",
    });
  });
});
