/**
 * Gives the whole `npm test` run one temp root and points TMPDIR at it before any worker,
 * CLI or moto_server starts, so every folder this run creates is inside it (other runs on the
 * same machine cannot be mistaken for ours). At the end the root must be empty: anything
 * left in it is a test that does not clean up, and the run fails naming it.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "awstriage-run-"));
  process.env.TMPDIR = root;
  return () => {
    const leftovers = readdirSync(root);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
    if (leftovers.length > 0) {
      // Vitest reports an error thrown here but still exits 0, so set the exit code too.
      process.exitCode = 1;
      throw new Error(
        `tests left ${leftovers.length} item(s) in the temp directory (removed now): ${leftovers.sort().join(", ")}`,
      );
    }
  };
}
