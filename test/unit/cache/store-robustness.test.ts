/** The cache store under stress: concurrent writers with readers, umask 000, the rarer kinds of corrupt file. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cached, readEnvelope, writeEnvelope, type CacheSettings, type Envelope } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { createLogger } from "../../../src/output/log.js";
import { ExitCode, OfflineMissError } from "../../../src/errors/errors.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

function envelope(marker: string, size = 1): Envelope {
  return testEnvelope({
    items: Array.from({ length: size }, (_, i) => ({ InstanceId: `i-${marker}-${i}`, padding: "x".repeat(500) })),
  });
}

function capturingLogger() {
  const lines: string[] = [];
  return { lines, log: createLogger("debug", { write: (line: string) => void lines.push(line) }) };
}

describe("cache store", () => {
  let root: string;
  beforeEach(() => {
    root = makeTempDir("store");
  });
  afterEach(() => removeTempDir(root));

  const key = { script: "ec2", resource: "instances", identity: "p", profile: "p", region: "us-east-1", params: {} };
  const settings = (over: Partial<CacheSettings> = {}): CacheSettings => ({
    root,
    ttlMs: 60_000,
    force: false,
    offline: false,
    ...over,
  });

  it("concurrent writers of one entry: readers only ever see a whole envelope, the last rename wins, no temp file is left", async () => {
    const path = cacheFilePath(root, key);
    await writeEnvelope(path, envelope("first", 400), root);
    const writers = Array.from({ length: 24 }, (_, n) => writeEnvelope(path, envelope(`w${n}`, 400), root));
    let done = false;
    const all = Promise.all(writers).finally(() => (done = true));
    const outcomes: string[] = [];
    while (!done) {
      const outcome = await readEnvelope(path);
      outcomes.push(outcome.kind === "corrupt" ? `corrupt: ${outcome.reason}` : outcome.kind);
    }
    await all;
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o !== "hit")).toEqual([]);
    const final = await readEnvelope(path);
    expect(final.kind).toBe("hit");
    const markers = new Set(
      final.kind === "hit"
        ? final.envelope.items.map((i) => (i as { InstanceId: string }).InstanceId.split("-")[1])
        : [],
    );
    expect(markers.size).toBe(1); // one writer's complete snapshot, never a mix
    expect(readdirSync(join(root, "ec2", "p", "us-east-1"))).toEqual(["instances.json"]);
  });

  it("creates folders 0700 and files 0600 even under umask 000, and tightens a loose existing file", async () => {
    const path = cacheFilePath(root, key);
    const previous = process.umask(0o000);
    try {
      await writeEnvelope(path, envelope("a"), root);
      chmodSync(path, 0o666);
      await writeEnvelope(path, envelope("b"), root);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const dir of ["ec2", "ec2/p", "ec2/p/us-east-1"])
      expect(statSync(join(root, dir)).mode & 0o777, dir).toBe(0o700);
  });

  describe("corrupt files", () => {
    // Truncated, empty, non-JSON and another schemaVersion are in store.test.ts; these are the rest.
    const corrupt: Array<[string, (path: string) => void, RegExp]> = [
      ["JSON but not an object", (p) => writeFileSync(p, "[1,2]"), /not an awstriage v1 cache file/],
      [
        "a bad fetchedAt",
        (p) => writeFileSync(p, JSON.stringify({ ...envelope("s"), fetchedAt: "yesterday" })),
        /fetchedAt/,
      ],
      ["items not an array", (p) => writeFileSync(p, JSON.stringify({ ...envelope("s"), items: { a: 1 } })), /items/],
      ["a folder where the file should be", (p) => mkdirSync(p), /a folder, not a regular file/],
    ];

    it.each(corrupt)(
      "%s: online it is a warning and a refetch that rewrites the entry",
      async (_name, make, reason) => {
        const path = cacheFilePath(root, key);
        mkdirSync(join(root, "ec2", "p", "us-east-1"), { recursive: true });
        make(path);
        expect(await readEnvelope(path)).toMatchObject({ kind: "corrupt", reason: expect.stringMatching(reason) });
        if (statSync(path).isDirectory())
          rmSync(path, { recursive: true }); // so that the refetch can be written
        else {
          const { lines, log } = capturingLogger();
          const fetch = vi.fn(async () => ({ items: [{ InstanceId: "i-new" }], account: "123456789012" }));
          const result = await cached(settings(), key, fetch, log);
          expect(fetch).toHaveBeenCalledTimes(1);
          expect(result.items).toEqual([{ InstanceId: "i-new" }]);
          expect(lines.join("")).toMatch(/ignoring unusable cache file/);
          expect(lines.join("")).toContain(path);
          expect((await readEnvelope(path)).kind).toBe("hit");
        }
      },
    );

    it.each(corrupt)(
      "%s: offline it is exit 5 naming the file, and nothing is fetched",
      async (_name, make, reason) => {
        const path = cacheFilePath(root, key);
        mkdirSync(join(root, "ec2", "p", "us-east-1"), { recursive: true });
        make(path);
        const fetch = vi.fn();
        const error = await cached(settings({ offline: true }), key, fetch, capturingLogger().log).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(OfflineMissError);
        expect((error as OfflineMissError).exitCode).toBe(ExitCode.offlineMiss);
        expect((error as Error).message).toContain(path);
        expect((error as Error).message).toMatch(reason);
        expect(fetch).not.toHaveBeenCalled();
      },
    );
  });
});
