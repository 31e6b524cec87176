/**
 * Issue 26, item 2 and the Low list for the cache, as the built CLI does it: entries another
 * user forged in a shared cache are not served (exit 5 offline, naming the file and its owner),
 * and `cache ls` run by another user over 0700 folders says it could not read them. The
 * second user is `nobody` (root is needed; CI runs as root).
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli } from "../helpers/cli.js";
import { canPlayOtherUser, cliCopyFor, giveToOther, runAsOther, sharedTempDir } from "../helpers/other-user.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
const FUNCTIONS = join("lambda", "demo", "us-east-1", "functions.json");

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = makeTempDir("cache-trust");
  env = { ...cleanEnv(), HOME: dir };
});
afterEach(() => removeTempDir(dir));

describe("a shared cache: what another user wrote is not served (issue 26, item 2)", () => {
  it("an entry forged by another user is exit 5 offline naming it and its owner, not their records", async () => {
    if (!canPlayOtherUser("a cache entry forged by another user")) return;
    const cache = join(dir, "shared-cache");
    cpSync(DEMO_CACHE, cache, { recursive: true });
    const forged = join(cache, FUNCTIONS);
    writeFileSync(forged, readFileSync(forged, "utf8").replaceAll("payments-worker", "forged-function"));
    giveToOther(forged, 0o644);
    const args = ["lambda", "list", "--offline", "--cache-dir", cache, "--profile", "demo", "--region", "us-east-1"];
    const result = await runCli(args, env);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stdout).not.toContain("forged-function");
    expect(result.stderr).toContain(`cache file ${forged} is unusable: owned by nobody (uid 65534), not by you`);
  });
});

describe("cache ls by another user over 0700 folders (issue 26, Low)", () => {
  it("says which folders it could not read and exits 2, rather than listing nothing with exit 0", async () => {
    if (!canPlayOtherUser("cache ls by another user")) return;
    const shared = sharedTempDir("cache-ls");
    try {
      const cache = join(shared, "cache");
      mkdirSync(cache);
      cpSync(DEMO_CACHE, cache, { recursive: true });
      chmodSync(cache, 0o755);
      chmodSync(join(cache, "lambda"), 0o700);
      const bin = cliCopyFor(shared);
      const result = runAsOther(bin, ["cache", "ls", "--cache-dir", cache, "-o", "json"], { ...env, HOME: shared });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`could not read ${join(cache, "lambda")}`);
    } finally {
      removeTempDir(shared);
    }
  });
});
