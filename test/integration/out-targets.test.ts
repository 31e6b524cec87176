/**
 * `--out PATH` replaces only what `>` would replace (issue 17, item 2), and a closed or failing
 * stdout stops the printing, not the run (item 3). Runs over the shipped demo cache, offline: no
 * emulator needed. Device nodes are private ones made in the test's own folder with mknod (root
 * only): no test here ever points --out at the machine's /dev/null or /dev/stdout.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  createReadStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  cpSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "../helpers/aws-env.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";
import { BIN, runCli, spawnCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { ROOT } from "../helpers/loads.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
const ARGS = ["lambda", "list", "--offline", "--cache-dir", DEMO_CACHE, "--profile", "demo", "--region", "us-east-1"];
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** A device node in `dir`, or undefined (after saying so) where mknod is not allowed. */
function privateNullDevice(dir: string): string | undefined {
  const path = join(dir, "null-device");
  const made = spawnSync("mknod", [path, "c", "1", "3"], { encoding: "utf8" });
  if (made.status === 0) return path;
  if (process.env.CI === "true" && isRoot) throw new Error(`mknod failed as root under CI: ${made.stderr}`);
  process.stderr.write(`\n*** mknod unavailable (${made.stderr.trim()}): the device --out case is SKIPPED ***\n\n`);
  return undefined;
}

describe("--out replaces only a regular file the user may write", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = makeTempDir("out");
    env = { ...cleanEnv(), HOME: dir };
  });
  afterEach(() => removeTempDir(dir));

  it("replaces a regular file atomically and keeps its mode", async () => {
    const out = join(dir, "r.json");
    writeFileSync(out, "old", { mode: 0o640 });
    chmodSync(out, 0o640);
    const before = statSync(out).ino;
    const result = await runCli([...ARGS, "--out", out], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).command).toBe("lambda list");
    expect(statSync(out).mode & 0o7777).toBe(0o640);
    expect(statSync(out).ino).not.toBe(before); // a new file renamed into place, never half written
  });

  it.runIf(isRoot)("as root, replaces another user's 0444 file keeping its mode and owner, as `>` would", async () => {
    const out = join(dir, "theirs.json");
    writeFileSync(out, "theirs");
    chmodSync(out, 0o444);
    chownSync(out, NOBODY, NOBODY);
    const result = await runCli([...ARGS, "--out", out], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).command).toBe("lambda list");
    expect([statSync(out).mode & 0o7777, statSync(out).uid, statSync(out).gid]).toEqual([0o444, NOBODY, NOBODY]);
  });

  it("refuses a file the user may not write: exit 2, and the file is unchanged", async () => {
    // Root may write anything; the refusal is for everyone else, so as root the CLI runs as
    // nobody, in a folder nobody can reach (the test run's temp root is private to root).
    const here = isRoot ? mkdtempSync(join(dirname(tmpdir()), "awstriage-nobody-")) : dir;
    const out = join(here, "readonly.json");
    writeFileSync(out, "keep me");
    chmodSync(out, 0o444);
    let result: { code: number | null; stdout: string; stderr: string };
    if (isRoot) {
      chmodSync(here, 0o755);
      // A copy of the built CLI that nobody can read, wherever the checkout is (a clone in a
      // private temp folder, as CI makes, is out of nobody's reach), and of the cache it reads.
      // dist/ is self-contained.
      const copy = join(here, "cli");
      cpSync(join(ROOT, "bin"), join(copy, "bin"), { recursive: true });
      cpSync(join(ROOT, "dist"), join(copy, "dist"), { recursive: true });
      cpSync(DEMO_CACHE, join(copy, "demo-cache"), { recursive: true });
      const child = spawnSync(
        "setpriv",
        [
          "--reuid",
          String(NOBODY),
          "--regid",
          String(NOBODY),
          "--clear-groups",
          process.execPath,
          join(copy, "bin", "awstriage"),
          ...ARGS.map((arg) => (arg === DEMO_CACHE ? join(copy, "demo-cache") : arg)),
          "--out",
          out,
        ],
        { env: { ...env, HOME: here }, encoding: "utf8" },
      );
      result = { code: child.status, stdout: child.stdout, stderr: child.stderr };
    } else {
      result = await runCli([...ARGS, "--out", out], env);
    }
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`--out ${out} is a file you may not write (EACCES); nothing was written there`);
    expect(result.stdout).toContain('"functionName"'); // the records were still printed
    expect(readFileSync(out, "utf8")).toBe("keep me");
    if (here !== dir) removeTempDir(here);
  });

  it("refuses a folder: exit 2 saying so", async () => {
    const out = join(dir, "folder");
    mkdirSync(out);
    const result = await runCli([...ARGS, "--out", out], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--out ${out} is a folder`);
    expect(lstatSync(out).isDirectory()).toBe(true);
    // In a folder that does not exist: exit 2, the code and what it means.
    const nowhere = join(dir, "no-such-folder", "r.json");
    const missing = await runCli([...ARGS, "--out", nowhere], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`could not write --out ${nowhere}: ENOENT (no such file or folder)`);
  });

  it("writes through a FIFO, which stays a FIFO", async () => {
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const received = new Promise<string>((resolve, reject) => {
      let text = "";
      createReadStream(fifo, "utf8")
        .on("data", (d) => (text += d))
        .on("end", () => resolve(text))
        .on("error", reject);
    });
    const result = await runCli([...ARGS, "--out", fifo], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(await received).command).toBe("lambda list");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("writes through a /dev/stdout-style link (to the process's own fd 1, a pipe), which stays a link", () => {
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    // Through `| cat`, so fd 1 is a pipe as in a shell (a spawned child's stdout is a socket).
    const child = spawnSync(
      "bash",
      ["-o", "pipefail", "-c", '"$0" "$@" | cat', process.execPath, BIN, ...ARGS, "-o", "ndjson", "--out", link],
      { env, encoding: "utf8" },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('"schemaVersion": 1'); // the document followed the records
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("writes through a character device (a private null device), which stays a device", async () => {
    const device = privateNullDevice(dir);
    if (device === undefined) return;
    const result = await runCli([...ARGS, "--out", device], env);
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });
});

describe("a closed or failing stdout stops printing, not the run", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = makeTempDir("stdout");
    env = { ...cleanEnv(), HOME: dir };
  });
  afterEach(() => removeTempDir(dir));

  it("a reader that went away (EPIPE): --out is still written and the exit code is the run's", async () => {
    const out = join(dir, "r.json");
    const { child, result } = spawnCli([...ARGS, "--out", out], env);
    child.stdout?.destroy(); // like `| head -0`: every write gets EPIPE
    const done = await result;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).not.toMatch(STACK_FRAME_RE);
    expect(JSON.parse(readFileSync(out, "utf8")).records.length).toBeGreaterThan(0);
  });

  it("EPIPE in a partial run: the failed region is still named on stderr and in --out, and the exit code is its", async () => {
    const out = join(dir, "r.json");
    const args = [...ARGS.slice(0, -1), "us-east-1,ap-south-1", "-o", "ndjson", "--out", out];
    const { child, result } = spawnCli(args, env);
    child.stdout?.destroy();
    const done = await result;
    expect(done.code, done.stderr).toBe(5); // ap-south-1 is not in the demo cache: offline miss
    expect(done.stderr).toMatch(/ap-south-1/);
    expect(JSON.parse(readFileSync(out, "utf8")).failures).toEqual([expect.objectContaining({ region: "ap-south-1" })]);
  });

  it(">/dev/full: one line on stderr, exit 4, no stack trace, --out still written", () => {
    const out = join(dir, "r.json");
    const full = openSync("/dev/full", "w");
    try {
      const child = spawnSync(process.execPath, [BIN, ...ARGS, "--out", out], {
        env,
        stdio: ["ignore", full, "pipe"],
        encoding: "utf8",
      });
      expect(child.status, child.stderr).toBe(4);
      expect(child.stderr).toContain("awstriage: could not write to stdout (ENOSPC), so the output was not printed");
      expect(child.stderr).not.toMatch(STACK_FRAME_RE);
      // The freshness line (served from the cache), the context line, then that one line.
      expect(child.stderr.trim().split("\n")).toHaveLength(3);
      expect(child.stderr).toMatch(/^awstriage: cached .* ago/);
      expect(JSON.parse(readFileSync(out, "utf8")).command).toBe("lambda list");
    } finally {
      closeSync(full);
    }
  });

  /** The CLI with fd 1 set up by `sh` (`redirect`), --out written beside; exit, stdout, stderr. */
  function withStdout(redirect: string) {
    const out = join(dir, "r.json");
    const child = spawnSync(
      "sh",
      ["-c", `exec "$0" "$@" ${redirect}`, process.execPath, BIN, ...ARGS, "--out", out, "-o", "json"],
      { env: { ...env, STDOUT_FILE: join(dir, "stdout.json") }, encoding: "utf8" },
    );
    const written = JSON.parse(readFileSync(out, "utf8")) as { records: unknown[] };
    return { child, written };
  }
  const printedNothingOfAFailure = (stderr: string) => {
    expect(stderr).not.toMatch(/stdout is closed|could not write to stdout|not printed/);
    expect(stderr).not.toMatch(STACK_FRAME_RE);
  };

  it("1<>/dev/null (read-write, as supervisors and subprocess.DEVNULL give it): exit 0, no complaint", () => {
    const { child, written } = withStdout("1<>/dev/null");
    expect(child.status, child.stderr).toBe(0);
    printedNothingOfAFailure(child.stderr);
    expect(written.records.length).toBeGreaterThan(0);
  });

  it(">/dev/null: exit 0, no complaint", () => {
    const { child, written } = withStdout(">/dev/null");
    expect(child.status, child.stderr).toBe(0);
    printedNothingOfAFailure(child.stderr);
    expect(written.records.length).toBeGreaterThan(0);
  });

  it("a pipe: exit 0 and the records on it", () => {
    const { child, written } = withStdout("");
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toHaveLength(written.records.length);
  });

  it("a file: exit 0 and the records in it", () => {
    const { child, written } = withStdout('>"$STDOUT_FILE"');
    expect(child.status, child.stderr).toBe(0);
    printedNothingOfAFailure(child.stderr);
    expect(JSON.parse(readFileSync(join(dir, "stdout.json"), "utf8"))).toHaveLength(written.records.length);
  });

  it(">&-: Node puts a read-write /dev/null in its place, so it is that case: the run's exit code", () => {
    const { child, written } = withStdout(">&-");
    expect(child.status, child.stderr).toBe(0);
    printedNothingOfAFailure(child.stderr);
    expect(written.records.length).toBeGreaterThan(0);
  });
});
