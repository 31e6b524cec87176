/**
 * The one way tests make a throwaway folder. It lands under os.tmpdir(), which during
 * `npm test` is the run's own root (test/global-setup.ts points TMPDIR there, for the CLI
 * and moto children too), so whatever a test forgets to remove is caught at the end of the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new empty folder named awstriage-<label>-XXXXXX; the caller removes it with removeTempDir. */
export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `awstriage-${label}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
