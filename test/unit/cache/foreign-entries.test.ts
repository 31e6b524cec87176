/**
 * Issue 26, item 2: in a shared cache folder (a shared XDG_CACHE_HOME or --cache-dir), what
 * another user wrote is never served. An entry owned by someone else (root excepted) or
 * writable by anyone is a warned miss online (fetched again) and exit 5 offline naming it and
 * its owner; a cache root another user owns is not used at all. The second user is `nobody`
 * (files chowned to it as root; CI runs as root).
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { cached, type CacheKey, type CacheSettings } from "../../../src/cache/store.js";
import { AwstriageError } from "../../../src/errors/errors.js";
import { createLogger } from "../../../src/output/log.js";
import { canPlayOtherUser, OTHER_UID } from "../../helpers/other-user.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const key: CacheKey = {
  script: "ec2",
  resource: "instances",
  identity: "dev",
  profile: "dev",
  region: "us-east-1",
  params: {},
};
const NOW = Date.parse("2026-01-01T00:00:00Z");

/** An envelope as awstriage writes it, holding one forged instance. */
function forged(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const header = {
    schemaVersion: 1,
    script: "ec2",
    resource: "instances",
    profile: "dev",
    account: null,
    region: "us-east-1",
    params: {},
    fetchedAt: new Date(NOW - 1000).toISOString(),
    awstriageVersion: "0.1.0",
  };
  writeFileSync(path, `${JSON.stringify(header).slice(0, -1)},"items":[\n{"InstanceId":"i-forged"}\n]}\n`);
}

describe("another user's cache entries are never served", () => {
  let root: string;
  let logs: string[];
  let calls: number;
  const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({
    root,
    ttlMs: 300_000,
    force: false,
    offline: false,
    ...over,
  });
  const fetchItems = async () => {
    calls++;
    return { items: [{ InstanceId: "i-real" }], account: null };
  };
  const run = (over: Partial<CacheSettings> = {}, at = key) =>
    cached(
      settings(over),
      at,
      fetchItems,
      createLogger("debug", { write: (line: string) => void logs.push(line) }),
      () => NOW,
    );
  const failure = async (over: Partial<CacheSettings>) => {
    const error = await run(over).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof AwstriageError)) throw new Error(`expected an AwstriageError, got ${String(error)}`);
    return error;
  };

  beforeEach(() => {
    root = makeTempDir("foreign");
    logs = [];
    calls = 0;
  });
  afterEach(() => removeTempDir(root));

  it("an entry another user owns is a warned miss online, refetched, and exit 5 offline naming it and its owner", async () => {
    if (!canPlayOtherUser("a cache entry forged by another user")) return;
    const path = cacheFilePath(root, key);
    forged(path);
    chownSync(path, OTHER_UID, OTHER_UID);
    chmodSync(path, 0o644);

    const offline = await failure({ offline: true });
    expect(offline.exitCode).toBe(5);
    expect(offline.message).toContain(path);
    expect(offline.message).toContain("owned by nobody (uid 65534), not by you");

    const online = await run();
    expect(calls).toBe(1);
    expect(online.items).toEqual([{ InstanceId: "i-real" }]);
    expect(logs.join("\n")).toMatch(/ignoring unusable cache file: owned by nobody/);
    // The refetch replaced it with our own entry.
    expect(statSync(path).uid).toBe(process.getuid?.());
    expect((await run()).source.fromCache).toBe(true);
  });

  it("an entry anyone may write is not served either", async () => {
    const path = cacheFilePath(root, key);
    forged(path);
    chmodSync(path, 0o666);
    const offline = await failure({ offline: true });
    expect(offline.exitCode).toBe(5);
    expect(offline.message).toContain("any user may write it (mode 0666)");
  });

  it("a cache root another user owns is not used at all: no read, no write, one warning; exit 5 offline", async () => {
    if (!canPlayOtherUser("a cache root owned by another user")) return;
    forged(cacheFilePath(root, key));
    chownSync(root, OTHER_UID, OTHER_UID);
    const offline = await failure({ offline: true });
    expect(offline.exitCode).toBe(5);
    expect(offline.message).toContain(`the cache folder ${root} is owned by nobody (uid 65534), not by you`);

    await run();
    await run({}, { ...key, resource: "volumes" });
    expect(calls).toBe(2);
    expect(logs.filter((line) => line.includes("not using the cache folder"))).toHaveLength(1);
    expect(readdirSync(join(root, "ec2", "dev", "us-east-1"))).toEqual(["instances.json"]);
  });

  it("says once that the cache could not be written, however many fetches fail to write", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "");
    const over = { root: join(file, "cache") };
    await run(over);
    await run(over, { ...key, resource: "volumes" });
    expect(calls).toBe(2);
    expect(logs.filter((line) => line.includes("could not write the cache"))).toHaveLength(1);
  });
});
