/**
 * Issue 26, Low: a folder that only looks like a cache (a forged `.awstriage-cache` marker in
 * $HOME, then `cache clear --cache-dir ~`) loses nothing awstriage did not write: a person's
 * symbolic link in an entry's place and an old file that merely has a temp file's name stay.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearCollecting } from "../../helpers/cache-clear.js";
import { STALE_TEMP_MS } from "../../../src/cache/entries.js";
import { MARKER_NAME } from "../../../src/cache/root-marker.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("cache clear in a folder with a forged marker", () => {
  let home: string;
  beforeEach(() => {
    home = makeTempDir("forged-home");
  });
  afterEach(() => removeTempDir(home));

  it("keeps a person's symbolic link and an old temp-named file that awstriage did not write", async () => {
    writeFileSync(join(home, MARKER_NAME), "{}\n");
    const folder = join(home, "ec2", "notes", "work");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(home, "plan.txt"), "my plan");
    const link = join(folder, "plan.json");
    symlinkSync(join(home, "plan.txt"), link);
    const lookalike = join(folder, ".draft.json.1234.0123abcd.tmp");
    writeFileSync(lookalike, "my draft, not awstriage's");
    const killed = join(folder, ".instances.json.4242.89abcdef.tmp");
    writeFileSync(killed, '{"schemaVersion":1,"script":"ec2","resou');
    const hoursAgo = (NOW - STALE_TEMP_MS - 60_000) / 1000;
    for (const path of [lookalike, killed]) utimesSync(path, hoursAgo, hoursAgo);

    const { removed, kept } = await clearCollecting(home, {}, NOW);
    expect(removed.map((e) => e.path)).toEqual([killed]);
    expect(kept.map((e) => e.path).sort()).toEqual([lookalike, link].sort());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(lookalike, "utf8")).toBe("my draft, not awstriage's");
    expect(existsSync(join(home, "plan.txt"))).toBe(true);
  });
});
