/**
 * Issue 26, Low: `cache ls` and `cache clear` over tens of thousands of files awstriage did not
 * write, nested and in one folder larger than the walk sorts. They stream (no list of entries),
 * so what is checked here is what must stay true while they do: every entry listed once, the
 * counts right, only awstriage's own entries removed, and the event loop given turns during
 * the walk (where Ctrl-C's handler runs). Memory and time are measured by `npm run bench` (j).
 */
import { chownSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearCacheEntries } from "../../../src/cache/clear.js";
import { envelopeLines } from "../../../src/cache/envelope-file.js";
import { listCacheEntries, noneUnreadable, streamCacheEntries } from "../../../src/cache/listing.js";
import { MARKER_NAME } from "../../../src/cache/root-marker.js";
import { SORTED_NAMES_MAX } from "../../../src/cache/walk.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { countFiles, plantJunkTree, type JunkTree, type TreeShape } from "../../helpers/junk-tree.js";
import { canPlayOtherUser, OTHER_UID } from "../../helpers/other-user.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

/** About 13,500 files; the flat folder holds more names at an entry's place than the walk sorts. */
const SHAPE: TreeShape = { folders: 40, perFolder: [20, 30, 10], flat: [600, 9500, 1000] };
const NOW = Date.now();
/** p3's entries: one nested folder in ten is p3's. */
const P3 = (SHAPE.folders / 10) * SHAPE.perFolder[0];

// One tree for the whole file (planting it is most of the time): the tests below run in
// order, each clearing part of it, and each checks what its own clear did.
let dir: string;
let root: string;
let tree: JunkTree;
/** awstriage-shaped entries another user owns (root only). */
let theirs: string[] = [];
beforeAll(() => {
  dir = makeTempDir("clear-many");
  root = join(dir, "cache");
  tree = plantJunkTree(root, SHAPE);
  if (!canPlayOtherUser("cache clear keeps another user's entries")) return;
  theirs = [join(tree.flat, "theirs.json"), join(root, "ec2", "p0", "region-0", "theirs.json")];
  for (const path of theirs) {
    writeFileSync(path, [...envelopeLines(testEnvelope({ profile: "p0" }))].join(""));
    chownSync(path, OTHER_UID, OTHER_UID);
  }
});
afterAll(() => removeTempDir(dir));

/** Counts the turns the event loop takes until `work` settles (none if it never lets go). */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const value = await work.finally(() => {
    done = true;
  });
  return { value, turns };
}

describe("cache ls and cache clear over tens of thousands of files", () => {
  it("the planted tree is what the test says (the flat folder is streamed, not sorted)", () => {
    expect(SHAPE.flat[0] + SHAPE.flat[1]).toBeGreaterThan(SORTED_NAMES_MAX);
    expect(countFiles(root)).toEqual({ ours: tree.ours, other: tree.foreign + tree.unlisted + theirs.length + 1 });
  });

  it("cache ls lists each file at an entry's place once, awstriage's usable, and path order where sorted", async () => {
    const paths = new Set<string>();
    let usable = 0;
    let previous = "";
    for await (const entry of streamCacheEntries(root, { now: NOW, ttlMs: 60_000 })) {
      paths.add(entry.path);
      if (entry.error === null) usable++;
      if (!entry.path.startsWith(tree.flat)) {
        expect(entry.path > previous, `${entry.path} after ${previous}`).toBe(true);
        previous = entry.path;
      }
    }
    expect(paths.size).toBe(tree.ours + tree.foreign + theirs.length);
    expect(usable).toBe(tree.ours);
  });

  it("a --script whose folder is absent lists nothing, and is no unreadable folder", async () => {
    const unreadable = noneUnreadable();
    expect(await listCacheEntries(root, { now: NOW, ttlMs: 1, filter: { script: "sts" }, unreadable })).toEqual([]);
    expect(unreadable.count).toBe(0);
  });

  it("cache clear --profile removes that profile's entries only", async () => {
    const cleared = await clearCacheEntries(root, { profile: "p3" }, NOW);
    expect(cleared).toMatchObject({ removed: P3, kept: (SHAPE.folders / 10) * SHAPE.perFolder[1] });
    expect(countFiles(root).ours).toBe(tree.ours - P3);
    const flat = await clearCacheEntries(root, { profile: "flat", script: "lambda" }, NOW);
    const theirsInFlat = theirs.filter((path) => path.startsWith(tree.flat)).length;
    expect(flat).toMatchObject({ removed: SHAPE.flat[0], kept: SHAPE.flat[1] + theirsInFlat });
    expect(countFiles(root).ours).toBe(tree.ours - P3 - SHAPE.flat[0]);
  });

  it("cache clear removes exactly awstriage's entries and the folders it emptied, giving the event loop turns", async () => {
    const left = tree.ours - P3 - SHAPE.flat[0];
    const { value: cleared, turns } = await turnsDuring(clearCacheEntries(root, {}, NOW));
    expect(cleared).toMatchObject({ removed: left, kept: tree.foreign + theirs.length });
    expect(cleared.unreadable.count).toBe(0);
    expect(turns).toBeGreaterThan(0);
    expect(countFiles(root)).toEqual({ ours: 0, other: tree.foreign + tree.unlisted + theirs.length + 1 });
    for (const path of theirs) expect(existsSync(path), path).toBe(true);
    expect(existsSync(tree.oursOnly)).toBe(false);
    expect(existsSync(join(root, "cloudwatch"))).toBe(false);
    expect(existsSync(tree.flat)).toBe(true);
    expect(readFileSync(join(root, MARKER_NAME), "utf8")).toContain("awstriageCacheLayout");
    // A second clear finds nothing of its own left, and says the same of the rest.
    expect(await clearCacheEntries(root, {}, NOW)).toMatchObject({ removed: 0, kept: tree.foreign + theirs.length });
  });
});
