/**
 * What the cache says once per run about the folders it uses: a root another user owns (not
 * used at all), a folder others may write into, a write that failed. A sweep of a thousand
 * fetches says each once.
 */
import { statSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { foreignOwner } from "../fs/ownership.js";
import type { Logger } from "../output/log.js";
import { isOpenToOthers } from "./layout.js";

const OPEN_TO_OTHERS =
  "a cache folder is writable by other users (and not sticky): they could plant or swap cache entries; chmod o-w it";
const warned = new Set<string>();

export function warnOnce(log: Logger, fields: Record<string, unknown>, message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  log.warn(fields, message);
}

/** Roots already looked at in this process: why each is another user's, or undefined. */
const rootOwners = new Map<string, string | undefined>();

/**
 * A cache root another user owns (a shared XDG_CACHE_HOME, say) is not used at all: they
 * could plant entries or read ours. Root-owned is fine (fs/ownership.ts); absent is ours to make.
 */
export function rootNotOurs(root: string): string | undefined {
  if (!rootOwners.has(root)) {
    let why: string | undefined;
    try {
      why = foreignOwner(statSync(root));
    } catch {
      why = undefined;
    }
    rootOwners.set(root, why);
  }
  return rootOwners.get(root);
}

/** Folders already checked in this process: the root and each folder down to an entry. */
const checkedFolders = new Set<string>();

export function warnIfOpenToOthers(root: string, path: string, log: Logger): void {
  if (warned.has(OPEN_TO_OTHERS)) return;
  const rel = relative(root, dirname(path)).split(sep);
  for (let depth = 0; depth <= rel.length; depth++) {
    const folder = depth === 0 ? root : `${root}${sep}${rel.slice(0, depth).join(sep)}`;
    if (checkedFolders.has(folder)) continue;
    checkedFolders.add(folder);
    if (isOpenToOthers(folder)) {
      warnOnce(log, { folder }, OPEN_TO_OTHERS);
      return;
    }
  }
}
