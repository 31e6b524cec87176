/**
 * The shipped demo cache (test/fixtures/demo-cache) for tests that run `triage` over it: a
 * triage records its last run in the cache root it read (for `bundle create`), so such a test
 * reads a private copy, never the fixture itself.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { makeTempDir, removeTempDir } from "./temp-dir.js";

export const DEMO_FIXTURE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));

/** A copy of the demo cache made before the file's tests and removed after them; `path` is set in beforeAll. */
export function demoCacheCopy(): { readonly path: string } {
  const copy = { path: "" };
  let dir = "";
  beforeAll(() => {
    dir = makeTempDir("demo-cache");
    copy.path = join(dir, "cache");
    cpSync(DEMO_FIXTURE, copy.path, { recursive: true });
  });
  afterAll(() => removeTempDir(dir));
  return copy;
}

/** `triage` over a copy of the demo cache, offline, as its `demo` profile, in `regions`. */
export const demoTriage = (copy: { readonly path: string }, regions: string): string[] => [
  "triage",
  "--offline",
  "--cache-dir",
  copy.path,
  "--profile",
  "demo",
  "--region",
  regions,
];
