import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { clearCollecting } from "../../helpers/cache-clear.js";
import { CACHE_SCRIPTS } from "../../../src/cache/entries.js";
import { listCacheEntries } from "../../../src/cache/listing.js";
import { writeEnvelope } from "../../../src/cache/store.js";
import { cacheFilePath, cacheIdentity, hasRoleFolderShape, safeSegment } from "../../../src/cache/paths.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const NOW = Date.parse("2026-03-10T08:00:00.000Z");
const ROLE = "arn:aws:iam::210987654321:role/Audit";
let root: string;

async function put(
  script: string,
  resource: string,
  profile: string,
  region: string,
  options: { ageMs?: number; items?: unknown[]; roleArn?: string; params?: Record<string, unknown> } = {},
): Promise<string> {
  const params = options.params ?? {};
  const path = cacheFilePath(root, {
    script,
    resource,
    identity: cacheIdentity(profile, options.roleArn),
    region,
    params,
  });
  const fetchedAt = new Date(NOW - (options.ageMs ?? 0)).toISOString();
  await writeEnvelope(
    path,
    testEnvelope({ script, resource, profile, region, params, fetchedAt, items: options.items ?? [{ a: 1 }] }),
    root,
  );
  return path;
}

/** A file awstriage wrote, cut short: its header names no profile usable for listing, but says awstriage wrote it. */
function truncated(path: string, header: Record<string, unknown> = {}): void {
  const { items: _items, ...good } = testEnvelope({ fetchedAt: new Date(NOW).toISOString(), ...header });
  writeFileSync(path, `${JSON.stringify(good).slice(0, -1)},"items":[\n{"a":1},\n`);
}

beforeEach(() => {
  root = makeTempDir("cache");
});
afterEach(() => removeTempDir(root));

describe("listing the cache", () => {
  it("lists every entry, sorted by path, with the fields of DESIGN.md", async () => {
    const instances = await put("ec2", "instances", "prod", "us-east-1", { ageMs: 60_000, items: [{}, {}, {}] });
    const groups = await put("logs", "log-groups", "prod", "eu-west-1", { ageMs: 10 * 60_000 });
    const entries = await listCacheEntries(root, { now: NOW, ttlMs: 5 * 60_000 });
    expect(entries.map((e) => e.path)).toEqual([instances, groups]);
    expect(entries[0]).toEqual({
      path: instances,
      script: "ec2",
      resource: "instances",
      profile: "prod",
      region: "us-east-1",
      account: "123456789012",
      fetchedAt: "2026-03-10T07:59:00.000Z",
      ageSeconds: 60,
      fresh: true,
      items: 3,
      bytes: expect.any(Number),
      error: null,
    });
    expect(entries[0]!.bytes).toBeGreaterThan(100);
    expect(entries[1]).toMatchObject({ resource: "log-groups", ageSeconds: 600, fresh: false, items: 1 });
  });

  it("judges freshness with the --ttl given, like the store does (ttl 0: nothing is fresh)", async () => {
    await put("ec2", "instances", "prod", "us-east-1", { ageMs: 29_000 });
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 30_000 }))[0]?.fresh).toBe(true);
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 29_000 }))[0]?.fresh).toBe(false);
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 0 }))[0]?.fresh).toBe(false);
  });

  it("lists a corrupt or foreign file with the reason instead of failing", async () => {
    const good = await put("ec2", "instances", "prod", "us-east-1");
    const dir = join(root, "lambda", "prod", "us-east-1");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "functions.json"), '{"schemaVersion": 1, "items": [');
    writeFileSync(join(dir, "other.json"), JSON.stringify({ schemaVersion: 7 }));
    const entries = await listCacheEntries(root, { now: NOW, ttlMs: 60_000 });
    expect(entries.map((e) => [e.script, e.resource, e.error === null])).toEqual([
      ["ec2", "instances", true],
      ["lambda", "functions", false],
      ["lambda", "other", false],
    ]);
    expect(entries[0]?.path).toBe(good);
    expect(entries[1]).toMatchObject({
      profile: "prod",
      region: "us-east-1",
      account: null,
      items: null,
      fresh: false,
      error: "not valid JSON (truncated?)",
    });
    expect(entries[2]?.error).toMatch(/^not an awstriage v1 cache file/);
  });

  it("ignores temp files, other files and anything outside the layout", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    const dir = join(root, "ec2", "prod", "us-east-1");
    writeFileSync(join(dir, ".instances.json.123.abcd.tmp"), "{");
    writeFileSync(join(dir, "notes.txt"), "x");
    writeFileSync(join(root, "stray.json"), "{}");
    mkdirSync(join(dir, "deeper"));
    writeFileSync(join(dir, "deeper", "x.json"), "{}");
    expect((await listCacheEntries(root, { now: NOW, ttlMs: 1 })).map((e) => e.resource)).toEqual(["instances"]);
  });

  it("returns nothing for a missing or empty cache root", async () => {
    expect(await listCacheEntries(join(root, "missing"), { now: NOW, ttlMs: 1 })).toEqual([]);
    expect(await listCacheEntries(root, { now: NOW, ttlMs: 1 })).toEqual([]);
  });

  it("filters by script and by profile, including that profile's assumed-role identities", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    await put("ec2", "instances", "prod", "us-east-1", { roleArn: ROLE });
    await put("ec2", "instances", "dev", "us-east-1");
    await put("lambda", "functions", "prod", "us-east-1");
    const byScript = await listCacheEntries(root, { now: NOW, ttlMs: 1, filter: { script: "lambda" } });
    expect(byScript.map((e) => `${e.script}/${e.profile}`)).toEqual(["lambda/prod"]);
    const byProfile = await listCacheEntries(root, { now: NOW, ttlMs: 1, filter: { profile: "prod" } });
    expect(byProfile).toHaveLength(3);
    expect(byProfile.every((e) => e.profile === "prod")).toBe(true);
    const both = await listCacheEntries(root, { now: NOW, ttlMs: 1, filter: { script: "ec2", profile: "dev" } });
    expect(both.map((e) => e.profile)).toEqual(["dev"]);
  });

  it("counts the items of every entry, and lists a compact file written by hand", async () => {
    await put("ec2", "instances", "prod", "us-east-1", { items: [] });
    await put("lambda", "functions", "prod", "us-east-1", { items: Array.from({ length: 41 }, (_, i) => ({ i })) });
    const compact = join(root, "logs", "prod", "us-east-1", "groups.json");
    mkdirSync(dirname(compact), { recursive: true });
    writeFileSync(
      compact,
      JSON.stringify({
        schemaVersion: 1,
        script: "logs",
        resource: "groups",
        profile: "prod",
        account: null,
        region: "us-east-1",
        params: {},
        fetchedAt: new Date(NOW).toISOString(),
        awstriageVersion: "hand",
        items: [1, 2],
      }),
    );
    const entries = await listCacheEntries(root, { now: NOW, ttlMs: 1 });
    expect(entries.map((e) => [e.script, e.items, e.error])).toEqual([
      ["ec2", 0, null],
      ["lambda", 41, null],
      ["logs", 2, null],
    ]);
    expect(entries[2]?.bytes).toBe(readFileSync(compact).length);
  });

  it("knows every script folder awstriage writes", () => {
    // Every `script: "<name>"` in the sources and in the run (sts, the caller identity; ec2
    // regions) is a folder `cache ls --script` and `cache clear --script` must accept.
    const sources = ["sources/", "run/"].flatMap((entry) =>
      entry.endsWith("/")
        ? readdirSync(new URL(`../../../src/${entry}`, import.meta.url)).map((f) => `${entry}${f}`)
        : [entry],
    );
    const written = new Set<string>();
    for (const file of sources) {
      for (const m of readFileSync(new URL(`../../../src/${file}`, import.meta.url), "utf8").matchAll(
        /\bscript: "([a-z0-9-]+)"/g,
      ))
        written.add(m[1] as string);
    }
    expect(written.size).toBeGreaterThanOrEqual(5);
    expect([...written].sort()).toEqual([...CACHE_SCRIPTS].sort());
  });

  it("lists hundreds of entries", async () => {
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => put("cloudwatch", "metrics", "prod", "us-east-1", { params: { i } })),
    );
    const entries = await listCacheEntries(root, { now: NOW, ttlMs: 1 });
    expect(entries).toHaveLength(300);
    expect(new Set(entries.map((e) => e.path)).size).toBe(300);
  });
});

describe("clearing the cache", () => {
  it("removes every entry and the folders it emptied, but keeps the root and foreign files", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    await put("logs", "log-groups", "dev", "eu-west-1");
    writeFileSync(join(root, "README-not-ours.txt"), "keep me");
    const { removed, bytes } = await clearCollecting(root, {}, NOW);
    expect(removed.map((e) => e.resource)).toEqual(["instances", "log-groups"]);
    expect(bytes).toBe(removed[0]!.bytes + removed[1]!.bytes);
    expect(readdirSync(root).sort()).toEqual([".awstriage-cache", "README-not-ours.txt"]);
  });

  it("removes only one script's entries with --script", async () => {
    const keep = await put("ec2", "instances", "prod", "us-east-1");
    await put("lambda", "functions", "prod", "us-east-1");
    const { removed } = await clearCollecting(root, { script: "lambda" }, NOW);
    expect(removed.map((e) => e.script)).toEqual(["lambda"]);
    expect(existsSync(keep)).toBe(true);
    expect(existsSync(join(root, "lambda"))).toBe(false);
  });

  it("removes only one profile's entries with --profile, truncated ones it wrote included, files it did not write kept", async () => {
    const keep = await put("ec2", "instances", "dev", "us-east-1");
    await put("ec2", "instances", "prod", "us-east-1");
    await put("ec2", "instances", "prod", "us-east-1", { roleArn: ROLE });
    truncated(join(root, "ec2", "prod", "us-east-1", "broken.json"));
    const notOurs = join(root, "ec2", "prod", "us-east-1", "empty.json");
    writeFileSync(notOurs, "");
    const { removed, kept } = await clearCollecting(root, { profile: "prod" }, NOW);
    expect(removed).toHaveLength(3);
    expect(kept.map((e) => e.path)).toEqual([notOurs]);
    expect(existsSync(keep)).toBe(true);
    expect(readdirSync(join(root, "ec2")).sort()).toEqual(["dev", "prod"]);
    expect(readdirSync(join(root, "ec2", "prod", "us-east-1"))).toEqual(["empty.json"]);
  });

  it("removes a profile's assumed-role entries with --profile, unusable ones included, and never those of a profile that shares a prefix", async () => {
    // prod with a role: a readable entry, and broken files next to it and in another script.
    const prodRole = await put("ec2", "instances", "prod", "us-east-1", { roleArn: ROLE });
    const roleFolder = dirname(dirname(prodRole)).split("/").pop() as string;
    truncated(join(dirname(prodRole), "broken.json"));
    mkdirSync(join(root, "lambda", roleFolder, "us-east-1"), { recursive: true });
    truncated(join(root, "lambda", roleFolder, "us-east-1", "functions.json"));
    // prod with another role, whose folder holds nothing readable: only its shape names prod.
    const otherRole = cacheFilePath(root, {
      script: "ec2",
      resource: "instances",
      identity: cacheIdentity("prod", "arn:aws:iam::111122223333:role/x/ReadOnly"),
      region: "eu-west-1",
    });
    mkdirSync(dirname(otherRole), { recursive: true });
    truncated(otherRole, { schemaVersion: 0 });
    // Profiles whose names start with "prod", with roles, readable and not.
    const kept: string[] = [];
    for (const other of ["prod-eu", "prod_as_x", "production"]) {
      const readable = await put("ec2", "instances", other, "us-east-1", { roleArn: ROLE });
      truncated(join(dirname(readable), "broken.json"));
      const lonely = cacheFilePath(root, {
        script: "logs",
        resource: "groups",
        identity: cacheIdentity(other, ROLE),
        region: "us-east-1",
      });
      mkdirSync(dirname(lonely), { recursive: true });
      truncated(lonely);
      kept.push(readable, join(dirname(readable), "broken.json"), lonely);
    }

    const { removed } = await clearCollecting(root, { profile: "prod" }, NOW);
    expect(removed.map((e) => e.path).sort()).toEqual(
      [
        prodRole,
        join(dirname(prodRole), "broken.json"),
        join(root, "lambda", roleFolder, "us-east-1", "functions.json"),
        otherRole,
      ].sort(),
    );
    for (const path of kept) expect(existsSync(path), path).toBe(true);
    expect(existsSync(join(root, "lambda"))).toBe(false);
  });

  it("tells a profile's role folders by their shape only when it fits that profile exactly", () => {
    const role = (profile: string) => safeSegment(cacheIdentity(profile, ROLE));
    expect(hasRoleFolderShape(role("prod"), "prod")).toBe(true);
    expect(hasRoleFolderShape(role("team/prod"), "team/prod")).toBe(true);
    expect(
      hasRoleFolderShape(
        safeSegment(
          cacheIdentity("prod", "arn:aws:iam::210987654321:role/a/very/long/path/ForAuditorsOfEverythingEverywhere"),
        ),
        "prod",
      ),
    ).toBe(true);
    // (A name that itself spells "prod_as_<account>-<role>" would fit: see hasRoleFolderShape.)
    for (const other of ["prod-eu", "prod_as_x", "prod_as_12", "production", "pro", "Prod"])
      expect(hasRoleFolderShape(role(other), "prod"), other).toBe(false);
    expect(hasRoleFolderShape("prod", "prod")).toBe(false);
    expect(hasRoleFolderShape(safeSegment("prod/x"), "prod")).toBe(false);
    // The folder name is cut at 40 characters: "<profile>_as_" plus the 12-digit account must fit.
    const fits = "p".repeat(24);
    expect(role(fits).slice(0, 40)).toBe(`${fits}_as_210987654321`);
    expect(hasRoleFolderShape(role(fits), fits)).toBe(true);
    expect(hasRoleFolderShape(role(`${fits}p`), `${fits}p`)).toBe(false);
  });

  it("removes nothing for a script or profile that has no entries", async () => {
    const keep = await put("ec2", "instances", "prod", "us-east-1");
    expect((await clearCollecting(root, { script: "logs" }, NOW)).removed).toEqual([]);
    expect((await clearCollecting(root, { profile: "nobody" }, NOW)).removed).toEqual([]);
    expect(existsSync(keep)).toBe(true);
  });
});
