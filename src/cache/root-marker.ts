/**
 * The cache root's marker, `.awstriage-cache` (holding the layout version): what tells an
 * awstriage cache from any other folder `--cache-dir` may point at. Written when awstriage
 * first writes into a root that is absent, empty, or holds nothing but awstriage's layout (a
 * cache from before the marker); `cache ls` and `cache clear` refuse any other root, so a
 * mistyped `--cache-dir ~` can never list or delete someone else's files.
 * Not CACHEDIR.TAG: backup tools skip such folders, and this cache is the data people
 * re-analyse after an incident.
 */
import { lstatSync, opendirSync, writeFileSync, type Dir, type Dirent } from "node:fs";
import { join } from "node:path";
import { isTempFileName } from "../fs/atomic-write.js";
import { foreignOwner } from "../fs/ownership.js";
import { fail } from "../errors/errors.js";
import { CACHE_SCRIPTS } from "./layout.js";

export const MARKER_NAME = ".awstriage-cache";
/** Where `bundle create` finds the last triage of this root (written by bundle/last-run.ts). */
export const LAST_RUN_NAME = ".awstriage-last-run.json";
export const LAYOUT_VERSION = 1;

export type RootState =
  | { kind: "marked" }
  /** No folder there yet. */
  | { kind: "absent" }
  /** Empty, or nothing but awstriage's layout: safe to adopt. */
  | { kind: "ours" }
  /** Holds something awstriage does not write (`example` names it). */
  | { kind: "foreign"; example: string };

export function rootState(root: string): RootState {
  try {
    // A marker counts only as a regular file of this user's (or root's): another user cannot
    // make a folder of yours look like a cache for `cache clear`.
    const marker = lstatSync(join(root, MARKER_NAME));
    if (marker.isFile() && foreignOwner(marker) === undefined) return { kind: "marked" };
  } catch {
    // no marker (or the root itself is missing)
  }
  let top: Dir;
  try {
    top = opendirSync(root, { bufferSize: 256 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    return { kind: "foreign", example: `${root} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})` };
  }
  const foreign = firstForeign(root, top, 0);
  return foreign === undefined ? { kind: "ours" } : { kind: "foreign", example: foreign };
}

/**
 * The first thing under `dir` (at `depth` in the layout) that awstriage would not have written.
 * Read a batch of names at a time and closed here: a folder of a million names costs one batch.
 */
function firstForeign(dir: string, handle: Dir, depth: number): string | undefined {
  try {
    for (let d = handle.readSync(); d !== null; d = handle.readSync()) {
      const found = foreignAt(dir, d, depth);
      if (found !== undefined) return found;
    }
    return undefined;
  } catch {
    return dir;
  } finally {
    handle.closeSync();
  }
}

function foreignAt(dir: string, d: Dirent, depth: number): string | undefined {
  const path = join(dir, d.name);
  // The marker, and the last triage's record (bundle/last-run.ts) beside it.
  if (depth === 0 && (d.name === MARKER_NAME || d.name === LAST_RUN_NAME)) return undefined;
  if (depth === 3) {
    const ours = d.isFile() && ((d.name.endsWith(".json") && !d.name.startsWith(".")) || isTempFileName(d.name));
    return ours ? undefined : path;
  }
  if (!d.isDirectory()) return path;
  if (depth === 0 && !(CACHE_SCRIPTS as readonly string[]).includes(d.name)) return path;
  let inner: Dir;
  try {
    inner = opendirSync(path, { bufferSize: 256 });
  } catch {
    return path;
  }
  return firstForeign(path, inner, depth + 1);
}

/** Roots known to be marked in this process: a write checks once, not per entry. */
const marked = new Set<string>();

/**
 * Before writing into `root` (which exists by now): mark it if it is ours. Returns what
 * stands in the way when it holds someone else's files (the entry is still written; the
 * root is only never listed or cleared).
 */
export function markRootBeforeWrite(root: string): string | undefined {
  if (marked.has(root)) return undefined;
  const state = rootState(root);
  if (state.kind === "foreign") return state.example;
  if (state.kind !== "marked") {
    try {
      writeFileSync(join(root, MARKER_NAME), `${JSON.stringify({ awstriageCacheLayout: LAYOUT_VERSION })}\n`, {
        flag: "wx",
        mode: 0o600,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  marked.add(root);
  return undefined;
}

/**
 * For `cache ls` and `cache clear`: an absent root is an empty cache; a root that is neither
 * marked nor only awstriage's layout is refused (exit 2).
 */
export function assertCacheRoot(root: string): "absent" | "present" {
  const state = rootState(root);
  if (state.kind === "absent") return "absent";
  if (state.kind === "foreign") throw fail("NotACacheRoot", { root, marker: MARKER_NAME, example: state.example });
  return "present";
}
