import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { cached, readEnvelope, type CacheKey, type CacheSettings } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { createLogger } from "../../../src/output/log.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const log = createLogger("silent");
const key: CacheKey = {
  script: "logs",
  resource: "events",
  identity: "unit",
  profile: "unit",
  region: "us-east-1",
  params: { since: "1h" },
};
const WINDOW = { start: "2024-05-01T10:00:00.000Z", end: "2024-05-01T11:00:00.000Z" };

describe("cache envelope time window", () => {
  let root: string;
  let settings: CacheSettings;
  beforeEach(() => {
    root = makeTempDir("store");
    settings = { root, ttlMs: 60_000, force: false, offline: false };
  });
  afterEach(() => removeTempDir(root));

  it("records the absolute window of a windowed fetch next to the relative key", async () => {
    await cached(settings, key, async () => ({ items: [1], account: "123456789012", window: WINDOW }), log);
    const envelope = JSON.parse(readFileSync(cacheFilePath(root, key), "utf8"));
    expect(envelope.params).toEqual({ since: "1h" });
    expect(envelope.window).toEqual(WINDOW);
  });

  it("writes no window for a fetch that has none, and still reads such files", async () => {
    await cached(settings, key, async () => ({ items: [1], account: null }), log);
    const path = cacheFilePath(root, key);
    expect(JSON.parse(readFileSync(path, "utf8"))).not.toHaveProperty("window");
    expect((await readEnvelope(path)).kind).toBe("hit");
  });

  it("treats an envelope whose window is malformed as unusable", async () => {
    await cached(settings, key, async () => ({ items: [1], account: null, window: WINDOW }), log);
    const path = cacheFilePath(root, key);
    const envelope = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...envelope, window: { start: 5 } }));
    expect((await readEnvelope(path)).kind).toBe("corrupt");
  });
});
