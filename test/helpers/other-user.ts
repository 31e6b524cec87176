/**
 * A second user on the machine, for the attacks of issue 26: files planted by someone else in
 * a shared folder. As root (CI runs as root) the other user is `nobody` (uid 65534): files are
 * chowned to it, and the CLI itself can be run as it (`setpriv`). Not root and not CI: the test
 * is skipped with a visible message; under CI=true without root it fails instead.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./loads.js";

export const OTHER_UID = 65534;
/** A third user, with no account: only its files are needed (chowned to its uid as root). */
export const THIRD_UID = 64999;
export const isRoot = process.getuid?.() === 0;

/** True when the test can play a second user; says so visibly (or fails under CI) when not. */
export function canPlayOtherUser(what: string): boolean {
  if (isRoot) return true;
  if (process.env.CI === "true") throw new Error(`${what}: needs root to play a second user, and CI runs as root`);
  process.stderr.write(`\n*** not root: "${what}" is SKIPPED (it needs a second user) ***\n\n`);
  return false;
}

/** Gives `path` to the other user (root only). */
export function giveToOther(path: string, mode?: number): void {
  chownSync(path, OTHER_UID, OTHER_UID);
  if (mode !== undefined) chmodSync(path, mode);
}

/**
 * A folder outside the test run's private temp root (0700, root's), so the other user can
 * reach what is inside; the caller removes it.
 */
export function sharedTempDir(label: string): string {
  const dir = mkdtempSync(join(dirname(tmpdir()), `awstriage-${label}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** A copy of the built CLI the other user can run (the checkout may be out of its reach). */
export function cliCopyFor(dir: string): string {
  const copy = join(dir, "cli");
  cpSync(join(ROOT, "bin"), join(copy, "bin"), { recursive: true });
  cpSync(join(ROOT, "dist"), join(copy, "dist"), { recursive: true });
  return join(copy, "bin", "awstriage");
}

/** Runs the CLI copy as the other user, synchronously (in `cwd` when given). */
export function runAsOther(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(
    "setpriv",
    ["--reuid", String(OTHER_UID), "--regid", String(OTHER_UID), "--clear-groups", process.execPath, bin, ...args],
    { env, encoding: "utf8", cwd },
  );
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
