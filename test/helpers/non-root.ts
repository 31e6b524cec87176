/**
 * Running part of a test as a user who is not root. This machine and CI run the tests as root,
 * where permissions do not bind (every file is writable) and an npm global install behaves
 * unlike a user's; so a root test process hands those steps to the unprivileged `nobody`
 * account (spawn with uid/gid), and a test process that is not root runs them as itself.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, lchownSync, lstatSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
}

const NOBODY = "nobody";

/**
 * `{ uid, gid }` to spawn as: `nobody` when this process is root, nothing when it is not root
 * already. Undefined with a reason when root has no such account (the caller skips or fails).
 */
export function nonRootUser(): { user: OtherUser | undefined; missing?: string } {
  if (process.getuid?.() !== 0) return { user: undefined };
  const id = (flag: string) => spawnSync("id", [flag, NOBODY], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0)
    return { user: undefined, missing: `no "${NOBODY}" account (id -u ${NOBODY})` };
  return { user: { name: NOBODY, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } };
}

/** Spawn options that run a child as `user` (none when the test is not root). */
export function asUser(user: OtherUser | undefined): { uid?: number; gid?: number } {
  return user === undefined ? {} : { uid: user.uid, gid: user.gid };
}

/**
 * Hands `dir` and everything in it to `user`, and lets that user reach it: the run's temp root
 * (test/global-setup.ts, mode 0700) gets search permission for others, nothing more, so the
 * user can enter folders whose names it is given but cannot list the root.
 */
export function giveTo(user: OtherUser | undefined, dir: string): void {
  if (user === undefined) return;
  const root = tmpdir();
  const mode = statSync(root).mode & 0o7777;
  if ((mode & 0o001) === 0) chmodSync(root, mode | 0o001);
  chownTree(dir, user);
}

function chownTree(path: string, user: OtherUser): void {
  const stat = lstatSync(path);
  // A link itself, never what it points at.
  if (stat.isSymbolicLink()) lchownSync(path, user.uid, user.gid);
  else chownSync(path, user.uid, user.gid);
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), user);
}
