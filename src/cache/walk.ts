/**
 * The walk `cache ls` and `cache clear` take over the layout (layout.ts): every entry and temp
 * file under `<root>/<script>/<identity>/<region>/`, found a directory batch at a time.
 *
 * Bounded: a folder is read through one `opendir` handle, 1,024 names per read, and only the
 * layout's names are kept; a folder's names are sorted (so the walk is in path order) until
 * there are more than SORTED_NAMES_MAX of them, and then handed on as the file system gives
 * them, so a folder of a million files costs the memory of SORTED_NAMES_MAX names, not of a
 * million. Interruptible: the event loop gets a turn every TURN_EVERY names read, so Ctrl-C or
 * SIGTERM ends even a walk over a million files at once. The reads themselves stay synchronous
 * (one batch of names each): sending hundreds of tiny folders through libuv's thread pool cost
 * `cache ls` more waiting than the file system took. A caller may remove what the walk handed
 * it while the walk goes on (POSIX: the other names of the folder are still read exactly once).
 * Links are never followed: a directory entry's own type decides, the root's children included.
 */
import { lstatSync, opendirSync, type Dir, type Dirent } from "node:fs";
import { join, sep } from "node:path";
import { isTempFileName } from "../fs/atomic-write.js";
import { CACHE_SCRIPTS, type Located } from "./layout.js";

/** How many of one folder's names are sorted; past it, the rest come in the file system's order. */
export const SORTED_NAMES_MAX = 10_000;
/** Names read between two turns of the event loop (where signal handlers run). */
const TURN_EVERY = 1024;

export interface WalkOptions {
  /** Only this script's folder. */
  script?: string | undefined;
  /** Told each folder of the layout before it is read (the permission checks). */
  enterFolder?: (path: string) => void;
  /** Told each folder once everything under it was walked (`cache clear` removes those it emptied). */
  leaveFolder?: (path: string) => void;
}

/** A promise for the next turn of the event loop every TURN_EVERY calls, else undefined (no await). */
type Pace = () => Promise<void> | undefined;

function pacer(): Pace {
  let calls = 0;
  return () => (++calls % TURN_EVERY === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Sorting "name/" keeps a depth-first walk in the order of whole paths.
const byFolder = (a: Dirent, b: Dirent) => compare(`${a.name}/`, `${b.name}/`);
const byFile = (a: Dirent, b: Dirent) => compare(a.name, b.name);

/** The names of `path` that `keep` keeps, read a batch at a time (see the top of this file). */
async function* children(
  path: string,
  keep: (d: Dirent) => boolean,
  order: (a: Dirent, b: Dirent) => number,
  pace: Pace,
): AsyncGenerator<Dirent> {
  let dir: Dir;
  try {
    dir = opendirSync(path, { bufferSize: 1024 });
  } catch {
    return;
  }
  try {
    /** The names kept so far, to sort; undefined once there were too many to (then streamed). */
    let head: Dirent[] | undefined = [];
    for (;;) {
      let d: Dirent | null;
      try {
        d = dir.readSync();
      } catch {
        break; // the folder went away or became unreadable part-way: what was read so far
      }
      if (d === null) break;
      const turn = pace();
      if (turn !== undefined) await turn;
      if (!keep(d)) continue;
      if (head === undefined) {
        yield d;
        continue;
      }
      head.push(d);
      if (head.length > SORTED_NAMES_MAX) {
        const batch = head;
        head = undefined;
        yield* batch;
      }
    }
    if (head !== undefined) yield* head.sort(order);
  } finally {
    dir.closeSync();
  }
}

const isCacheScript = (name: string) => (CACHE_SCRIPTS as readonly string[]).includes(name);
// Dot files are temp files of writes in progress (or of a crash); they are not entries.
export const isEntryName = (name: string) => name.endsWith(".json") && !name.startsWith(".");
const isFolder = (d: Dirent) => d.isDirectory();
const isLayoutFile = (d: Dirent) => isEntryName(d.name) || isTempFileName(d.name);

/**
 * Every entry (and temp file) under the root, in path order (see SORTED_NAMES_MAX), or of one
 * script's folder only. A `*.json` name of any file type is an entry
 * here: the reader refuses what is not a regular file.
 */
export async function* walkCache(root: string, options: WalkOptions = {}): AsyncGenerator<Located> {
  const pace = pacer();
  // Plain concatenation, not path.join: the names come from readdir (no separators, no dots
  // to resolve), and join's normalising was half the walk's time over hundreds of folders.
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  // Only the script folders awstriage writes, and only real folders (never a link to one).
  const only = options.script;
  const isScript = (d: Dirent) => d.isDirectory() && (only === undefined ? isCacheScript(d.name) : d.name === only);
  for await (const { name: script } of children(base, isScript, byFolder, pace)) {
    const scriptDir = `${base}${script}`;
    options.enterFolder?.(scriptDir);
    for await (const { name: identity } of children(scriptDir, isFolder, byFolder, pace))
      yield* identityFolder(scriptDir, script, identity, pace, options);
    options.leaveFolder?.(scriptDir);
  }
}

/** The entries of one identity folder, region by region. */
async function* identityFolder(
  scriptDir: string,
  script: string,
  identity: string,
  pace: Pace,
  options: WalkOptions,
): AsyncGenerator<Located> {
  const identityDir = `${scriptDir}${sep}${identity}`;
  options.enterFolder?.(identityDir);
  for await (const { name: region } of children(identityDir, isFolder, byFolder, pace)) {
    const dir = `${identityDir}${sep}${region}`;
    options.enterFolder?.(dir);
    for await (const { name: file } of children(dir, isLayoutFile, byFile, pace)) {
      const kind = isEntryName(file) ? "entry" : "temp";
      yield { kind, path: `${dir}${sep}${file}`, script, identity, region, file };
    }
    options.leaveFolder?.(dir);
  }
  options.leaveFolder?.(identityDir);
}

/**
 * The entries of one identity folder in every script folder (or one script's), looked up by
 * name rather than found by reading each script folder; a link in the way is not followed.
 */
export async function* walkIdentity(root: string, identity: string, script?: string): AsyncGenerator<Located> {
  const pace = pacer();
  for (const name of script === undefined ? CACHE_SCRIPTS : [script]) {
    const scriptDir = join(root, name);
    if (isRealFolder(scriptDir) && isRealFolder(join(scriptDir, identity)))
      yield* identityFolder(scriptDir, name, identity, pace, {});
  }
}

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
