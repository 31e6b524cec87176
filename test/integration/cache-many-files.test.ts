/**
 * Issue 26, Low: `cache ls` and `cache clear` over 31,000 files, most of them not awstriage's,
 * as a user runs them (the built CLI): the counts they print are right, only awstriage's own
 * entries go, and Ctrl-C or SIGTERM in the middle of a clear ends it (130 / 143) leaving a
 * cache that lists cleanly and that a second clear finishes. Offline, no emulator needed.
 * Memory and time over a million files: `npm run bench` (j), docs/performance.md.
 */
import { readdirSync, readlinkSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli, spawnCli, type CliProcess } from "../helpers/cli.js";
import { countFiles, plantJunkTree, type JunkTree } from "../helpers/junk-tree.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

let dir: string;
let root: string;
let env: NodeJS.ProcessEnv;
let tree: JunkTree;
beforeEach(() => {
  dir = makeTempDir("cache-many");
  root = join(dir, "cache");
  env = { ...cleanEnv(), HOME: dir };
  tree = plantJunkTree(root);
});
afterEach(() => removeTempDir(dir));

interface Listed {
  path: string;
  error: string | null;
}

async function listing(): Promise<Listed[]> {
  const result = await runCli(["cache", "ls", "-o", "ndjson", "--cache-dir", root], env);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Listed);
}

/** Whether the process has a folder of the cache open: it is walking it (no guess at timing). */
function walking(pid: number): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(realpathSync(root));
    } catch {
      return false;
    }
  });
}

/** Sends `signal` once the run is inside the walk (or never, if it ends first). */
async function interruptWalk(run: CliProcess, signal: NodeJS.Signals): Promise<boolean> {
  const pid = run.child.pid as number;
  let exited = false;
  void run.result.then(() => {
    exited = true;
  });
  while (!exited) {
    if (walking(pid)) return run.child.kill(signal);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}

describe("cache ls and cache clear over 31,000 files (issue 26, Low)", () => {
  it("list every file at an entry's place once and clear exactly awstriage's, with the right counts", async () => {
    const listed = await listing();
    expect(listed).toHaveLength(tree.ours + tree.foreign);
    expect(new Set(listed.map((e) => e.path)).size).toBe(listed.length);
    expect(listed.filter((e) => e.error === null)).toHaveLength(tree.ours);

    const cleared = await runCli(["cache", "clear", "--cache-dir", root], env);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stderr).toContain(`removed ${tree.ours} entries (${tree.ourBytes} bytes) from ${root}`);
    expect(cleared.stderr).toContain(`kept ${tree.foreign} entries awstriage did not write`);
    expect(countFiles(root)).toEqual({ ours: 0, other: tree.foreign + tree.unlisted + 1 });
    expect(await listing()).toHaveLength(tree.foreign);
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`a clear stopped by ${signal} ends with ${code}, and leaves a cache a second clear finishes`, async () => {
      const run = spawnCli(["cache", "clear", "--cache-dir", root], env);
      expect(await interruptWalk(run, signal), "the clear ended before the test saw it walking").toBe(true);
      const result = await run.result;
      expect(result.signal, `killed by ${result.signal}: the run ignored ${signal}`).toBeNull();
      expect(result.code, result.stderr).toBe(code);
      expect(result.stdout).toBe("");

      // Whatever it removed is gone whole; what is left lists cleanly, junk untouched.
      const left = countFiles(root);
      expect(left.other).toBe(tree.foreign + tree.unlisted + 1);
      const listed = await listing();
      expect(listed).toHaveLength(left.ours + tree.foreign);
      expect(listed.filter((e) => e.error === null)).toHaveLength(left.ours);

      const second = await runCli(["cache", "clear", "--cache-dir", root], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(`removed ${left.ours} entries`);
      expect(countFiles(root)).toEqual({ ours: 0, other: tree.foreign + tree.unlisted + 1 });
    });
  }
});
