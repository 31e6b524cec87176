/**
 * The source registry (src/sources/registry.ts) is the one list of what awstriage caches:
 * `cache ls`/`cache clear` walk only its folders, so a folder written by code it does not
 * declare would be invisible to both (as `organizations` once was). These tests read the
 * code for every cache key it writes and hold the registry, the README and docs/records.md
 * to it. Regenerate the README's table: `AWSTRIAGE_WRITE_DOCS=1 npx vitest run … registry.test.ts`
 * (docs/records.md: records-doc.test.ts -u).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CACHE_SCRIPTS, SOURCES, sourceName } from "../../../src/sources/registry.js";
import { listCacheEntries } from "../../../src/cache/listing.js";
import { clearCacheEntries } from "../../../src/cache/clear.js";
import { cachedFolders } from "../../../src/cache/layout.js";
import { writeEnvelope } from "../../../src/cache/store.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { HEALTH_SOURCES } from "../../../src/health/catalogue.js";
import { RULES } from "../../../src/rules/registry.js";
import { emptyTriageData } from "../../../src/rules/types.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";
import { renderSourceTable, sourceTableIn, withSourceTable } from "../../helpers/source-table.js";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

/**
 * Every cache key written as literals in src/ (a FetchSpec's or a cache key's `script:` and the
 * `resource:` after it), with the file it is in. The registry itself is not read.
 */
export function writtenKeys(): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    if (file.endsWith(join("sources", "registry.ts"))) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bscript:\s*"([^"]+)"[^}]*?\bresource:\s*"([^"]+)"/gs))
      found.push({ key: `${m[1]}/${m[2]}`, file: relative(SRC, file) });
  }
  return found;
}

const declared = new Set(SOURCES.map(sourceName));

async function exportOf(reference: string): Promise<unknown> {
  const [module, name] = reference.split("#") as [string, string];
  const url = new URL(`../../../src/${module}`, import.meta.url).href;
  const loaded = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  return loaded[name];
}

describe("the source registry", () => {
  it("declares every cache folder the code writes, and nothing the code does not write", () => {
    const written = writtenKeys();
    const undeclared = written.filter((w) => !declared.has(w.key)).map((w) => `${w.key} (${w.file})`);
    expect(undeclared, "cache keys written but not in src/sources/registry.ts").toEqual([]);
    const writtenNames = new Set(written.map((w) => w.key));
    expect(
      [...declared].filter((name) => !writtenNames.has(name)),
      "declared but written nowhere",
    ).toEqual([]);
  });

  it("names, for each source, a spec and a normaliser that exist, with the declared script and resource", async () => {
    for (const source of SOURCES) {
      const spec = await exportOf(source.spec);
      expect(spec, source.spec).toBeDefined();
      // A spec declared as a constant must carry the declared key (builders are checked by the scan).
      if (typeof spec === "object" && spec !== null)
        expect({
          script: (spec as { script: unknown }).script,
          resource: (spec as { resource: unknown }).resource,
        }).toEqual({
          script: source.script,
          resource: source.resource,
        });
      if ("normalizer" in source)
        expect(typeof (await exportOf(source.normalizer)), source.normalizer).toBe("function");
      if ("catalogue" in source) expect(HEALTH_SOURCES as readonly string[]).toContain(source.catalogue);
    }
  });

  it("is what cache ls lists, cache clear removes and the offline guesses read: one entry in every declared folder", async () => {
    const root = makeTempDir("registry-walk");
    try {
      for (const s of SOURCES) {
        const key = { script: s.script, resource: s.resource, identity: "p", region: "us-east-1" };
        await writeEnvelope(cacheFilePath(root, key), testEnvelope({ ...key, profile: "p", items: [] }), root);
      }
      const listed = await listCacheEntries(root, { now: Date.now(), ttlMs: 300_000 });
      expect(new Set(listed.map(sourceName))).toEqual(declared);
      expect(new Set(cachedFolders(root).map((f) => f.script))).toEqual(new Set(CACHE_SCRIPTS));
      const cleared = await clearCacheEntries(root, {}, Date.now());
      expect(cleared.removed).toBe(SOURCES.length);
      expect(await listCacheEntries(root, { now: Date.now(), ttlMs: 300_000 })).toEqual([]);
    } finally {
      removeTempDir(root);
    }
  });

  it("gives every key of what the rules read, and every rule's source, a declaring source", () => {
    const keys = Object.keys(emptyTriageData()).sort();
    // Several sources may fill one key (the resource graph's edges come from five).
    const triageKeys = [...new Set(SOURCES.flatMap((s) => ("triage" in s ? [s.triage.data] : [])))].sort();
    expect(keys).toEqual(triageKeys);
    for (const rule of RULES) for (const key of [rule.source, ...(rule.alsoReads ?? [])]) expect(keys).toContain(key);
  });

  it("is the cache table of the README and of docs/records.md", () => {
    for (const doc of ["README.md", "docs/records.md"]) {
      const path = join(ROOT, doc);
      const text = readFileSync(path, "utf8");
      // docs/records.md is regenerated whole by test/unit/help/records-doc.test.ts (-u).
      if (process.env.AWSTRIAGE_WRITE_DOCS === "1" && doc === "README.md") writeFileSync(path, withSourceTable(text));
      expect(sourceTableIn(readFileSync(path, "utf8")), doc).toBe(renderSourceTable());
    }
  });
});
