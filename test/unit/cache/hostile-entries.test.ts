/**
 * Issue 17, items 1, 5c, 6, 9d, 11 and 12: what the cache does with entries and roots it did
 * not write as it expects: planted links and FIFOs, future timestamps, huge headers, temp files
 * of killed runs, folders others may write, a read-only file system, foreign roots.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { clearCollecting } from "../../helpers/cache-clear.js";
import { HEADER_MAX_BYTES } from "../../../src/cache/envelope-file.js";
import { STALE_TEMP_MS } from "../../../src/cache/entries.js";
import { listCacheEntries } from "../../../src/cache/listing.js";
import { MARKER_NAME } from "../../../src/cache/root-marker.js";
import { cached, readEnvelope, writeEnvelope, type CacheSettings } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { createLogger } from "../../../src/output/log.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

function capturingLogger() {
  const lines: string[] = [];
  return { lines, log: createLogger("debug", { write: (line: string) => void lines.push(line) }) };
}

const NOW = Date.parse("2026-03-10T08:00:00.000Z");
const key = { script: "ec2", resource: "instances", identity: "p", profile: "p", region: "us-east-1", params: {} };
let dir: string;
let root: string;
let path: string;
const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({
  root,
  ttlMs: 5 * 60_000,
  force: false,
  offline: false,
  ...over,
});
const fetchNew = () => vi.fn(async () => ({ items: [{ InstanceId: "i-new" }], account: "123456789012" }));
const put = (at: string, fetchedAt = new Date(NOW).toISOString()) =>
  writeEnvelope(at, testEnvelope({ fetchedAt, items: [{ InstanceId: "i-old" }] }), root);

beforeEach(() => {
  dir = makeTempDir("hostile");
  root = join(dir, "cache");
  path = cacheFilePath(root, key);
});
afterEach(() => removeTempDir(dir));

describe("item 5c: a fetchedAt in the future", () => {
  it("is stale online (fetched again, with a warning), served offline", async () => {
    await put(path, new Date(NOW + 3_600_000).toISOString());
    const { lines, log } = capturingLogger();
    const fetch = fetchNew();
    const online = await cached(settings(), key, fetch, log, () => NOW);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(online.items).toEqual([{ InstanceId: "i-new" }]);
    expect(lines.join("\n")).toMatch(/in the future/);
    await put(path, new Date(NOW + 3_600_000).toISOString());
    const offline = await cached(settings({ offline: true }), key, fetchNew(), log, () => NOW);
    expect(offline.items).toEqual([{ InstanceId: "i-old" }]);
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 5 * 60_000 }))[0]?.fresh).toBe(false);
  });
});

describe("item 6: only regular files are entries, never through a link", () => {
  it("a symlink to a fresh envelope is unusable: warned, fetched again, its target untouched; cache ls shows it, cache clear keeps it (awstriage never writes links)", async () => {
    const target = join(dir, "planted.json");
    writeFileSync(
      target,
      JSON.stringify(testEnvelope({ fetchedAt: new Date(NOW).toISOString(), items: [{ InstanceId: "i-planted" }] })),
    );
    writeFileSync(join(mkdirSync(root, { recursive: true }) ?? root, MARKER_NAME), "{}\n");
    const planted = readFileSync(target, "utf8");
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path);
    expect(await readEnvelope(path, NOW)).toMatchObject({ kind: "corrupt", reason: /symbolic link/ });
    const [entry] = await listCacheEntries(root, { now: NOW, ttlMs: 60_000 });
    expect(entry).toMatchObject({ path, error: expect.stringMatching(/symbolic link/) });
    const { removed, kept } = await clearCollecting(root, {}, NOW);
    expect(removed).toEqual([]);
    expect(kept.map((e) => e.path)).toEqual([path]);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe(planted);

    const { lines, log } = capturingLogger();
    const fetch = fetchNew();
    const result = await cached(settings(), key, fetch, log, () => NOW);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(result.items).toEqual([{ InstanceId: "i-new" }]);
    expect(lines.join("\n")).toMatch(/symbolic link/);
    expect(lstatSync(path).isFile()).toBe(true); // the rename replaced the link itself
    expect(readFileSync(target, "utf8")).toBe(planted);
  });

  it("a FIFO in an entry's place never blocks: unusable, fetched again, listed with its error", async () => {
    mkdirSync(dirname(path), { recursive: true });
    const made = spawnSync("mkfifo", [path]);
    if (made.status !== 0) {
      if (process.env.CI === "true") throw new Error("mkfifo is needed for this test under CI");
      console.warn("skipped: mkfifo is not available");
      return;
    }
    writeFileSync(join(root, MARKER_NAME), "{}\n");
    expect(await readEnvelope(path, NOW)).toMatchObject({ kind: "corrupt", reason: /FIFO/ });
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 60_000 }))[0]?.error).toMatch(/FIFO/);
    const fetch = fetchNew();
    await cached(settings(), key, fetch, capturingLogger().log, () => NOW);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("warns once when the root or a folder in it is writable by others without the sticky bit", async () => {
    await put(path);
    chmodSync(join(root, "ec2"), 0o777);
    const { lines, log } = capturingLogger();
    await cached(settings(), key, fetchNew(), log, () => NOW);
    await cached(settings(), { ...key, region: "eu-west-1" }, fetchNew(), log, () => NOW);
    expect(lines.filter((l) => l.includes("writable by other users"))).toHaveLength(1);
    const warnings: string[] = [];
    await listCacheEntries(root, { now: NOW, ttlMs: 1, onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    chmodSync(join(root, "ec2"), 0o1777);
    warnings.length = 0;
    await listCacheEntries(root, { now: NOW, ttlMs: 1, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});

describe("item 9d: cache clear on a file system that refuses removal", () => {
  it("is exit 2 naming the file and the errno, not a crash", async () => {
    await put(path);
    const erofs = () => {
      throw Object.assign(new Error("EROFS: read-only file system"), { code: "EROFS" });
    };
    const error = await clearCollecting(root, {}, NOW, erofs).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 2, message: expect.stringContaining("EROFS") });
    expect((error as Error).message).toContain(path);
    expect(existsSync(path)).toBe(true);
  });
});

describe("item 11: temp files of killed runs", () => {
  it("are listed; cache clear removes those older than an hour and keeps younger ones", async () => {
    await put(path);
    const old = join(dirname(path), ".instances.json.4242.0123abcd.tmp");
    const young = join(dirname(path), ".instances.json.4243.89abcdef.tmp");
    writeFileSync(old, '{"schemaVersion":1,"script":"ec2","res');
    writeFileSync(young, '{"schemaVersion":1,"script":"ec2","res');
    const hoursAgo = (NOW - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(old, hoursAgo, hoursAgo);
    utimesSync(young, NOW / 1000, NOW / 1000);
    const listed = await listCacheEntries(root, { now: NOW, ttlMs: 60_000 });
    expect(listed.map((e) => [e.resource, e.error])).toEqual([
      [".instances.json.4242.0123abcd.tmp", expect.stringMatching(/interrupted write, 61 min old/)],
      [".instances.json.4243.89abcdef.tmp", expect.stringMatching(/in progress/)],
      ["instances", null],
    ]);
    const { removed, kept } = await clearCollecting(root, {}, NOW);
    expect(removed.map((e) => e.path).sort()).toEqual([old, path].sort());
    expect(kept.map((e) => e.path)).toEqual([young]);
    expect(readdirSync(dirname(path))).toEqual([".instances.json.4243.89abcdef.tmp"]);
  });
});

describe("item 12: bounded memory per entry", () => {
  it("a header line longer than the cap (no newline at all) is unusable for cache ls and the store", async () => {
    await put(path);
    writeFileSync(path, `{"schemaVersion":1,"pad":"${"x".repeat(HEADER_MAX_BYTES)}`);
    const [entry] = await listCacheEntries(root, { now: NOW, ttlMs: 60_000 });
    expect(entry?.error).toMatch(/longer than/);
    expect(await readEnvelope(path, NOW)).toMatchObject({ kind: "corrupt", reason: /longer than/ });
  });
});

describe("item 1: the root marker", () => {
  it("is written on the first write into an absent root, and into a root holding only awstriage's layout", async () => {
    await put(path);
    expect(JSON.parse(readFileSync(join(root, MARKER_NAME), "utf8"))).toEqual({ awstriageCacheLayout: 1 });
    const legacy = join(dir, "legacy");
    const legacyPath = cacheFilePath(legacy, key);
    mkdirSync(dirname(legacyPath), { recursive: true });
    writeFileSync(legacyPath, "");
    expect(await listCacheEntries(legacy, { now: NOW, ttlMs: 1 })).toHaveLength(1); // adopted as it is
    await writeEnvelope(cacheFilePath(legacy, { ...key, region: "eu-west-1" }), testEnvelope(), legacy);
    expect(existsSync(join(legacy, MARKER_NAME))).toBe(true);
  });

  it("is not written into a root holding other files; the entry is still written, and cache ls refuses the root", async () => {
    const home = join(dir, "home");
    mkdirSync(join(home, ".aws", "sso", "cache"), { recursive: true });
    writeFileSync(join(home, ".aws", "sso", "cache", "token.json"), "{}");
    const { lines, log } = capturingLogger();
    await cached({ ...settings(), root: home }, key, fetchNew(), log, () => NOW);
    expect(existsSync(join(home, MARKER_NAME))).toBe(false);
    expect(existsSync(cacheFilePath(home, key))).toBe(true);
    expect(lines.join("\n")).toMatch(/not marked as an awstriage cache/);
    await expect(listCacheEntries(home, { now: NOW, ttlMs: 1 })).rejects.toMatchObject({ exitCode: 2 });
    await expect(clearCollecting(home, {}, NOW)).rejects.toThrow(/does not look like an awstriage cache/);
    expect(existsSync(join(home, ".aws", "sso", "cache", "token.json"))).toBe(true);
  });
});
