/**
 * Ownership is trust (docs/reliability.md, "Other users' files"). On a shared machine another
 * user can leave files where awstriage looks: a `.awstriage.json` in `/tmp/t`, entries in a
 * shared `XDG_CACHE_HOME`. What awstriage obeys or serves must be the current user's (or
 * root's, who could change anything anyway) and writable by nobody else:
 * - a config file: owned by you or root, not world-writable (group-writable is allowed: umask
 *   002 with per-user groups makes every file so);
 * - a folder the config search walks through: the same, or world-writable with the sticky bit
 *   (`/tmp`, where others cannot replace what is yours);
 * - a cache entry: the same as a config file (awstriage writes them 0600; group-writable is
 *   still allowed, as a checkout of the demo cache under umask 002 has it).
 */
import { readFileSync, type Stats } from "node:fs";

const OTHERS_WRITE = 0o002;
const STICKY = 0o1000;

/** The effective user id, or undefined where there is none (Windows: no check). */
export function currentUid(): number | undefined {
  return process.geteuid?.();
}

function ownedByUs(stats: Pick<Stats, "uid">, uid: number): boolean {
  return stats.uid === uid || stats.uid === 0;
}

/** Why a config file may not be obeyed, or undefined when it may. */
export function untrustedFile(stats: Pick<Stats, "uid" | "mode">, uid = currentUid()): string | undefined {
  if (uid === undefined) return undefined;
  if (!ownedByUs(stats, uid)) return `it is owned by ${ownerName(stats.uid)}, not by you`;
  if ((stats.mode & OTHERS_WRITE) !== 0) return `any user may write it (mode ${modeText(stats.mode)})`;
  return undefined;
}

/** Why a folder is not trusted to hold a config file for us, or undefined when it is. */
export function untrustedFolder(stats: Pick<Stats, "uid" | "mode">, uid = currentUid()): string | undefined {
  if (uid === undefined) return undefined;
  if (!ownedByUs(stats, uid)) return `it is owned by ${ownerName(stats.uid)}, not by you`;
  if ((stats.mode & OTHERS_WRITE) !== 0 && (stats.mode & STICKY) === 0)
    return `any user may write in it (mode ${modeText(stats.mode)}, no sticky bit)`;
  return undefined;
}

/** Why a cache entry may not be served, or undefined when it may. */
export function untrustedEntry(stats: Pick<Stats, "uid" | "mode">, uid = currentUid()): string | undefined {
  if (uid === undefined) return undefined;
  if (!ownedByUs(stats, uid)) return `owned by ${ownerName(stats.uid)}, not by you`;
  if ((stats.mode & OTHERS_WRITE) !== 0) return `any user may write it (mode ${modeText(stats.mode)})`;
  return undefined;
}

/** Why a folder someone else owns may not be used as ours (the cache root), or undefined. */
export function foreignOwner(stats: Pick<Stats, "uid">, uid = currentUid()): string | undefined {
  if (uid === undefined || ownedByUs(stats, uid)) return undefined;
  return `owned by ${ownerName(stats.uid)}, not by you`;
}

function modeText(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

let names: Map<number, string> | undefined;

/** `nobody (uid 65534)`: the name from /etc/passwd when it has one, for the warning. */
export function ownerName(uid: number): string {
  if (names === undefined) {
    names = new Map();
    try {
      for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
        const [name, , id] = line.split(":");
        if (name && id && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
      }
    } catch {
      // no passwd file: the uid alone
    }
  }
  const name = names.get(uid);
  return name === undefined ? `uid ${uid}` : `${name.replace(/[^\w.@-]/g, "?")} (uid ${uid})`;
}
