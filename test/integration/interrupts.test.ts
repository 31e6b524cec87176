/**
 * Issue 26, items 3 and 4: every read and write ends, or ends on Ctrl-C / SIGTERM (an accounts
 * list that is /dev/zero, `--out` a FIFO nobody reads, `--out-dir` over FIFOs planted under
 * the names a run would use), and two runs into one `--out-dir` keep both sets of files.
 * Offline on the demo cache: no emulator needed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli, signalledCli, spawnCli } from "../helpers/cli.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
const OFFLINE = ["--offline", "--cache-dir", DEMO_CACHE, "--region", "us-east-1"];
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
const EXIT_ON = { SIGINT: 130, SIGTERM: 143 } as const;

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = makeTempDir("interrupts");
  env = { ...cleanEnv(), HOME: dir };
});
afterEach(() => removeTempDir(dir));

function mkfifo(path: string): void {
  const made = spawnSync("mkfifo", [path], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

describe("reads and writes that could block forever end (issue 26, item 3)", () => {
  it("whoami --accounts /dev/zero is refused at once (exit 2), whatever signal comes", async () => {
    for (const signal of SIGNALS) {
      const result = await signalledCli(["whoami", "--accounts", "/dev/zero", ...OFFLINE], env, signal);
      expect(result.signal, `${signal}: killed by the test, so the run ignored ${signal}`).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--accounts: /dev/zero is a device, not a regular file");
    }
  });

  it("an accounts list over 10 MiB is refused before it is read", async () => {
    const path = join(dir, "accounts.txt");
    writeFileSync(path, `${"# padding\n".repeat((10 << 20) / 10)}profile:demo\n`);
    const result = await runCli(["whoami", "--accounts", path, ...OFFLINE], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--accounts: ${path} is larger than 10 MiB`);
  });

  it("--out a FIFO with no reader waits for one, and Ctrl-C or SIGTERM ends the run", async () => {
    const fifo = join(dir, "out.fifo");
    mkfifo(fifo);
    for (const signal of SIGNALS) {
      const args = ["lambda", "list", ...OFFLINE, "--profile", "demo", "--out", fifo];
      const result = await signalledCli(args, env, signal, { when: "no reader yet" });
      expect(result.signal, `${signal}: killed by the test, so the run ignored ${signal}`).toBeNull();
      expect(result.code).toBe(EXIT_ON[signal]);
      expect(result.stderr).toContain(`--out ${fifo} is a FIFO with no reader yet`);
      expect(result.stdout).toContain('"functionName"');
    }
  });

  it("--out to a FIFO with a reader writes the document through it", async () => {
    const fifo = join(dir, "read.fifo");
    mkfifo(fifo);
    const run = spawnCli(["lambda", "list", ...OFFLINE, "--profile", "demo", "--out", fifo], env);
    const [text, result] = await Promise.all([readFile(fifo, "utf8"), run.result]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(text).command).toBe("lambda list");
  });

  it("--out-dir over FIFOs planted under this second's names never writes into them", async () => {
    const out = join(dir, "sweeps");
    mkdirSync(out);
    // The names a run in the next few seconds would have used before issue 26.
    const planted: string[] = [];
    for (let s = 0; s < 6; s++) {
      const stamp = new Date(Date.now() + s * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, "Z")
        .replace(/[-:]/g, "");
      for (const ext of ["ndjson", "json"]) {
        const path = join(out, `lambda-list-${stamp}.${ext}`);
        mkfifo(path);
        planted.push(path);
      }
    }
    for (const signal of SIGNALS) {
      const args = ["lambda", "list", ...OFFLINE, "--profile", "demo", "--out-dir", out];
      const result = await signalledCli(args, env, signal);
      expect(result.signal, `${signal}: killed by the test, so the run ignored ${signal}`).toBeNull();
      expect([0, EXIT_ON[signal]]).toContain(result.code);
    }
    for (const path of planted) expect(statSync(path).isFIFO()).toBe(true);
  });
});

describe("--out-dir names never collide (issue 26, item 4)", () => {
  it("two sweeps started together into one folder keep both sets of files", async () => {
    const out = join(dir, "together");
    const accounts = join(dir, "accounts.txt");
    writeFileSync(accounts, "profile:demo demo-account\n");
    const args = ["lambda", "list", ...OFFLINE, "--accounts", accounts, "--out-dir", out];
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([runCli(args, env), runCli(args, env)]);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
    }
    const names = readdirSync(out);
    expect(names.filter((name) => name.endsWith(".ndjson"))).toHaveLength(6);
    expect(names.filter((name) => name.endsWith(".json"))).toHaveLength(6);
  });
});
