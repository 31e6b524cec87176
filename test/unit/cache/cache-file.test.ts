/**
 * The cache file layout (one item per line) and its reader: still one JSON document, read an item
 * at a time, with a per-item mapper, stale entries skipped, and every broken file a "corrupt".
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cached, readEnvelope, writeEnvelope, type CacheKey, type Envelope } from "../../../src/cache/store.js";
import { envelopeLines } from "../../../src/cache/envelope-file.js";
import type { EnvelopeHeader } from "../../../src/cache/envelope.js";
import { judgeEntry } from "../../../src/cache/policy.js";
import { createLogger } from "../../../src/output/log.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const FETCHED_AT = "2026-01-01T00:00:00.000Z";
const NOW = Date.parse(FETCHED_AT) + 60_000;

function envelope(items: unknown[]): Envelope {
  return testEnvelope({ region: "eu-west-1", fetchedAt: FETCHED_AT, items });
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = makeTempDir("cache-file");
  path = join(dir, "ec2", "p", "eu-west-1", "instances.json");
});
afterEach(() => removeTempDir(dir));

const items = [
  { InstanceId: "i-1", Note: "line\nbreak" },
  { InstanceId: "i-2", Tags: [{ Key: "k", Value: "ü ✓" }] },
  { InstanceId: "i-3" },
];

describe("cache file layout", () => {
  it("is one JSON document with one item per line", async () => {
    await writeEnvelope(path, envelope(items), dir);
    const text = readFileSync(path, "utf8");
    expect(JSON.parse(text)).toEqual(envelope(items));
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(items.length + 2);
    expect(lines[0]).toMatch(/"items":\[$/);
    expect(lines.at(-1)).toBe("]}");
  });

  it("writes an empty list as valid JSON too", () => {
    expect(JSON.parse([...envelopeLines(envelope([]))].join(""))).toEqual(envelope([]));
  });

  it("reads back every item, multi-byte text included, or what the mapper keeps", async () => {
    await writeEnvelope(path, envelope(items), dir);
    const all = await readEnvelope(path, NOW);
    expect(all).toEqual({ kind: "hit", envelope: envelope(items), ageMs: 60_000 });
    const mapped = await readEnvelope(path, NOW, {
      mapItem: (item, context) =>
        (item as { InstanceId: string }).InstanceId === "i-2"
          ? undefined
          : `${context.region}/${(item as { InstanceId: string }).InstanceId}`,
    });
    expect(mapped.kind === "hit" && mapped.envelope.items).toEqual(["eu-west-1/i-1", "eu-west-1/i-3"]);
  });

  it("reads files larger than its buffer, lines that span reads and a line longer than the buffer", async () => {
    // Multi-byte characters make the byte and character counts differ at every boundary.
    const big = [
      ...Array.from({ length: 5 }, (_, i) => ({ InstanceId: `i-${i}`, Text: "é✓".repeat(150_000 + i * 7) })),
      { InstanceId: "i-long", Text: "ü".repeat(1_300_000) },
      { InstanceId: "i-last" },
    ];
    await writeEnvelope(path, envelope(big), dir);
    expect(await readEnvelope(path, NOW)).toEqual({ kind: "hit", envelope: envelope(big), ageMs: 60_000 });
  });

  it("reads a file in another layout (compact, or written by hand) whole", async () => {
    const compact = join(dir, "compact.json");
    writeFileSync(compact, JSON.stringify(envelope(items)));
    expect(await readEnvelope(compact, NOW)).toEqual({ kind: "hit", envelope: envelope(items), ageMs: 60_000 });
    writeFileSync(compact, JSON.stringify(envelope(items), null, 2));
    expect(await readEnvelope(compact, NOW)).toEqual({ kind: "hit", envelope: envelope(items), ageMs: 60_000 });
  });

  it("does not read the items of an entry that is too old to use", async () => {
    await writeEnvelope(path, envelope(items), dir);
    // A broken item after a good header: reading the items would make this "corrupt".
    const text = readFileSync(path, "utf8").replace('{"InstanceId":"i-3"}', "{broken");
    writeFileSync(path, text);
    const tooOld = (header: EnvelopeHeader) => judgeEntry(header, { ttlMs: 1000, force: false, offline: false }, NOW);
    expect(await readEnvelope(path, NOW, { judge: tooOld })).toEqual({
      kind: "stale",
      why: "stale",
      detail: "older than --ttl",
      ageMs: 60_000,
    });
    expect((await readEnvelope(path, NOW)).kind).toBe("corrupt");
  });

  it("calls a truncated file, a broken item, stray data or another schema corrupt", async () => {
    await writeEnvelope(path, envelope(items), dir);
    const good = readFileSync(path, "utf8");
    const cases: Array<[string, RegExp]> = [
      [good.slice(0, good.indexOf("i-2")), /truncated/],
      [good.replace("]}\n", ""), /truncated/],
      [good.replace('"i-2"', '"i-2"}}'), /item 2/],
      [`${good}{}\n`, /after the items/],
      [good.replace('"schemaVersion":1', '"schemaVersion":2'), /not an awstriage v1 cache file \(schemaVersion/],
      [JSON.stringify({ ...envelope([]), items: "nope" }), /items must be an array/],
      ["", /empty file/],
    ];
    for (const [text, reason] of cases) {
      writeFileSync(path, text);
      const outcome = await readEnvelope(path, NOW);
      expect(outcome.kind, text.slice(0, 80)).toBe("corrupt");
      expect(outcome.kind === "corrupt" && outcome.reason).toMatch(reason);
    }
    expect(await readEnvelope(join(dir, "missing.json"), NOW)).toEqual({ kind: "missing" });
  });

  it("lets a bug in a mapper surface instead of calling the file corrupt", async () => {
    await writeEnvelope(path, envelope(items), dir);
    await expect(
      readEnvelope(path, NOW, {
        mapItem: () => {
          throw new TypeError("bug");
        },
      }),
    ).rejects.toThrow("bug");
  });
});

describe("cached() with a mapper", () => {
  const key: CacheKey = {
    script: "ec2",
    resource: "instances",
    identity: "p",
    profile: "p",
    region: "eu-west-1",
    params: {},
  };
  const log = createLogger("silent");
  const settings = () => ({ root: dir, ttlMs: 300_000, force: false, offline: false });
  const keepOdd = (item: { n: number }, context: { account: string | null; region: string }) =>
    item.n % 2 === 1 ? { n: item.n, account: context.account, region: context.region } : undefined;

  it("maps fetched items and cached items the same way, and caches the raw items", async () => {
    const fetch = async () => ({ items: [{ n: 1 }, { n: 2 }, { n: 3 }], account: Promise.resolve("123456789012") });
    const fresh = await cached(settings(), key, fetch, log, () => NOW, keepOdd);
    const hit = await cached(
      settings(),
      key,
      () => Promise.reject(new Error("no fetch on a hit")),
      log,
      () => NOW + 1000,
      keepOdd,
    );
    const expected = [
      { n: 1, account: "123456789012", region: "eu-west-1" },
      { n: 3, account: "123456789012", region: "eu-west-1" },
    ];
    expect(fresh.items).toEqual(expected);
    expect(hit.items).toEqual(expected);
    expect(hit.source.fromCache).toBe(true);
    expect((await readEnvelope(fresh.source.path, NOW)).kind === "hit").toBe(true);
    const raw = await readEnvelope(fresh.source.path, NOW);
    expect(raw.kind === "hit" && raw.envelope.items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
