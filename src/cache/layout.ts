/**
 * The cache's folder layout, `<root>/<script>/<identity>/<region>/<file>.json`: what is found
 * at an entry's place, and the folders the offline guesses of profile and region read (the
 * walk `cache ls` and `cache clear` take is walk.ts; the root's marker is root-marker.ts).
 *
 * Synchronous on purpose: a guess is a few tiny directory reads, and sending each through
 * libuv's thread pool cost more waiting than the file system took. Links are never followed:
 * a directory entry's own type decides.
 */
import { opendirSync, statSync, type Dir, type Dirent } from "node:fs";
import { sep } from "node:path";
import { CACHE_SCRIPTS } from "../sources/registry.js";

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
}

/** The directory entries `keep` keeps, read a batch at a time (a folder of junk costs what is kept). */
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
