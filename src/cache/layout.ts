/**
 * The cache's folder layout, `<root>/<script>/<identity>/<region>/<file>.json`, known here
 * and nowhere else: the walk `cache ls` and `cache clear` take, and the folders the offline
 * guesses of profile and region read (the root's marker is root-marker.ts).
 *
 * Everything here is synchronous on purpose: a listing is hundreds of tiny directory reads,
 * and sending each through libuv's thread pool cost `cache ls` more time waiting than the
 * file system took. Links are never followed: a directory entry's own type decides.
 */
import { opendirSync, statSync, type Dir, type Dirent } from "node:fs";
import { sep } from "node:path";
import { isTempFileName } from "../fs/atomic-write.js";
import { CACHE_SCRIPTS } from "../sources/registry.js";
import { safeSegment } from "./paths.js";

/** The script folders awstriage writes: those of the source registry (sources/registry.ts). */
export { CACHE_SCRIPTS };

const isCacheScript = (name: string) => (CACHE_SCRIPTS as readonly string[]).includes(name);

/** What is at an entry's place in the layout. */
export interface Located {
  /** `entry`: a `*.json` name (of any file type: the reader refuses what is not a regular file). */
  kind: "entry" | "temp";
  path: string;
  script: string;
  identity: string;
  region: string;
  file: string;
  /** The directory entry's own type (a symbolic link is never followed). */
  dirent: Dirent;
}

/**
 * The directory entries `keep` keeps, read a batch at a time: a folder of a million files
 * that are not the layout's costs the memory of what is kept, not of every name in it.
 */
function children(path: string, keep: (d: Dirent) => boolean): Dirent[] {
  let dir: Dir;
  try {
    dir = opendirSync(path, { bufferSize: 1024 });
  } catch {
    return [];
  }
  const kept: Dirent[] = [];
  try {
    for (let d = dir.readSync(); d !== null; d = dir.readSync()) if (keep(d)) kept.push(d);
  } catch {
    // the folder went away or became unreadable part-way: what was read so far
  } finally {
    dir.closeSync();
  }
  return kept;
}

/** Folders in path order: sorting "name/" keeps a depth-first walk in the order of whole paths. */
function folders(path: string): string[] {
  return children(path, (d) => d.isDirectory())
    .map((d) => d.name)
    .sort((a, b) => compare(`${a}/`, `${b}/`));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Dot files are temp files of writes in progress (or of a crash); they are not entries.
const isEntryName = (name: string) => name.endsWith(".json") && !name.startsWith(".");

/**
 * Every entry (and temp file) under the root, in path order, optionally of one script's folder
 * only; `visitFolder` sees each folder walked (for the permission check).
 */
export function* walkCache(
  root: string,
  options: { script?: string | undefined; visitFolder?: (path: string) => void } = {},
): Generator<Located> {
  // Plain concatenation, not path.join: the names come from readdir (no separators, no dots
  // to resolve), and join's normalising was half the walk's time over hundreds of folders.
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  // Only the script folders awstriage writes: a folder of another name is never its layout.
  const scripts = options.script === undefined ? folders(base).filter(isCacheScript) : [safeSegment(options.script)];
  for (const script of scripts) {
    const scriptDir = `${base}${script}`;
    options.visitFolder?.(scriptDir);
    for (const identity of folders(scriptDir)) {
      const identityDir = `${scriptDir}${sep}${identity}`;
      options.visitFolder?.(identityDir);
      for (const region of folders(identityDir)) {
        const dir = `${identityDir}${sep}${region}`;
        options.visitFolder?.(dir);
        const files = children(dir, (d) => isEntryName(d.name) || isTempFileName(d.name)).sort((a, b) =>
          compare(a.name, b.name),
        );
        for (const dirent of files) {
          const kind = isEntryName(dirent.name) ? "entry" : "temp";
          yield { kind, path: `${dir}${sep}${dirent.name}`, script, identity, region, file: dirent.name, dirent };
        }
      }
    }
  }
}

export interface CachedFolder {
  script: string;
  /** The identity folder: the profile (sanitised), or the profile with an assumed role. */
  identity: string;
  region: string;
}

/**
 * Every region folder under the root, or only those of one identity folder, from the folder
 * names alone (no file is opened): `--offline` without a profile or a region guesses them from
 * it. An identity folder without region folders is still listed, with region "".
 */
export function cachedFolders(root: string, identity?: string): CachedFolder[] {
  const found: CachedFolder[] = [];
  // Only awstriage's own script folders: another folder under the root names no identity.
  for (const script of folders(root).filter(isCacheScript)) {
    const identities = identity === undefined ? folders(`${root}${sep}${script}`) : [identity];
    for (const id of identities) {
      const regions = folders(`${root}${sep}${script}${sep}${id}`);
      if (regions.length === 0 && identity === undefined) found.push({ script, identity: id, region: "" });
      for (const region of regions) found.push({ script, identity: id, region });
    }
  }
  return found;
}

/** Mode bits: writable by others, and the sticky bit that makes that safe for a shared folder. */
const OTHERS_WRITE = 0o002;
const STICKY = 0o1000;

/** Whether others may write into the folder without the sticky bit (they could plant or swap entries). */
export function isOpenToOthers(path: string): boolean {
  try {
    const mode = statSync(path).mode;
    return (mode & OTHERS_WRITE) !== 0 && (mode & STICKY) === 0;
  } catch {
    return false;
  }
}
