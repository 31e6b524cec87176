/**
 * The package as users get it: `npm pack` in a copy of the checkout, `npm install -g` of the
 * tarball into a throwaway prefix by a user who is not root (nobody, when the tests run as root:
 * test/helpers/non-root.ts), and the installed `awstriage` run through its bin link from a
 * folder outside the checkout, including runs that log (warn, debug, info), since the installed
 * copy has no node_modules: whatever it requires at run time must be in dist/.
 * The checkout is copied (sources, scripts, package.json; node_modules linked) so that packing,
 * which rebuilds dist/ and swaps package.json for a moment, never touches the one other tests
 * are running from. npm gets its own empty cache and --offline: an install that needed the
 * registry would fail here.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut, STACK_FRAME_RE, type CliResult } from "../helpers/cli.js";
import { asUser, giveTo, nonRootUser } from "../helpers/non-root.js";
import { createLogGroup, putLogEvents } from "../helpers/seed-services.js";
import { startMoto } from "../helpers/moto.js";
import { runInstances } from "../helpers/seed.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** Every path the tarball may hold: what runs, and what npm always adds. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^bin\/awstriage$/,
  /^dist\/[\w-]+\.js$/,
  /^dist\/pino\.cjs$/,
];
const DEMO_CACHE = join(REPO, "test", "fixtures", "demo-cache");
const GROUP = "/app/install";

let work = "";
let copy = "";
let npmEnv: NodeJS.ProcessEnv = {};

/** npm with nothing of the outer `npm test` run (its npm_* variables) and a cache of its own. */
function npm(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = npmEnv,
  user: { uid?: number; gid?: number } = {},
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync("npm", args, { cwd, env, encoding: "utf8", timeout: 120_000, ...user });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function packedFiles(json: string): string[] {
  const [pack] = JSON.parse(json) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((f) => f.path).sort();
}

let tarball = "";
let packOutput = { code: null as number | null, stdout: "", stderr: "" };

beforeAll(() => {
  work = makeTempDir("install");
  copy = join(work, "checkout");
  for (const entry of ["package.json", "README.md", "bin", "scripts", "src", "tsconfig.json"])
    cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"), "dir");
  npmEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  npmEnv.npm_config_cache = join(work, "npm-cache");
  npmEnv.npm_config_update_notifier = "false";
  packOutput = npm(["pack", "--json", "--pack-destination", work], copy);
  const [pack] = JSON.parse(packOutput.stdout || "[{}]") as Array<{ filename?: string }>;
  tarball = join(work, pack?.filename ?? "missing.tgz");
}, 120_000);

afterAll(() => removeTempDir(work));

describe("the packed tarball", () => {
  it("holds only what runs: bin, the built dist/*.js, package.json, README (no meta.json, no fixtures)", () => {
    expect(packOutput.code, packOutput.stderr).toBe(0);
    const dryRun = npm(["pack", "--dry-run", "--json"], copy);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const files = packedFiles(dryRun.stdout);
    expect(files).toContain("bin/awstriage");
    expect(files).toContain("dist/cli.js");
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    expect(packedFiles(packOutput.stdout)).toEqual(files);
  });

  it("carries a package.json with no scripts and no dependencies, and leaves the checkout's as it was", () => {
    const listed = spawnSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" });
    const packed = JSON.parse(listed.stdout) as Record<string, unknown>;
    expect(packed).toMatchObject({ name: "awstriage", bin: { awstriage: "bin/awstriage" } });
    expect(packed).not.toHaveProperty("scripts");
    expect(packed).not.toHaveProperty("dependencies");
    // The checkout still builds on `npm install` (the README's set-up).
    expect(readFileSync(join(copy, "package.json"), "utf8")).toBe(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(existsSync(join(copy, "tmp", "package.json.prepack"))).toBe(false);
  });
});

const moto = await startMoto();
const { user, missing } = nonRootUser();
if (missing !== undefined) {
  const message = `install test: the tests run as root and ${missing}, so the global install cannot run as a non-root user`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
}

describe.skipIf(moto === undefined || missing !== undefined)("a global install by a non-root user", () => {
  let sandbox: AwsSandbox;
  let prefix = "";
  let xdg = "";
  /** Where the user runs it from: a folder of its own, outside the checkout. */
  let cwd = "";
  let userTarball = "";
  let demoCache = "";
  let env: NodeJS.ProcessEnv = {};

  const install = () =>
    npm(
      ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", userTarball],
      cwd,
      { ...npmEnv, HOME: sandbox.dir, npm_config_cache: join(sandbox.dir, "npm-cache") },
      asUser(user),
    );
  /** The installed command, found on PATH as a shell would, run by the user. */
  const awstriage = (args: string[]): CliResult => {
    const started = Date.now();
    const r = spawnSync("awstriage", args, { cwd, env, encoding: "utf8", timeout: 60_000, ...asUser(user) });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, elapsedMs: Date.now() - started };
  };
  /** Exit 0, and nothing of a crash: no missing module, no stack trace. */
  const expectClean = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    expect(result.stderr).not.toMatch(STACK_FRAME_RE);
  };

  beforeAll(async () => {
    await runInstances(moto!.endpoint, "us-east-1", 2);
    await createLogGroup(moto!.endpoint, "us-east-1", GROUP);
    await putLogEvents(moto!.endpoint, "us-east-1", GROUP, "s1", [
      { minutesAgo: 30, message: "INFO start" },
      { minutesAgo: 20, message: "ERROR boom" },
      { minutesAgo: 10, message: "INFO done" },
    ]);
    sandbox = createSandbox([
      { name: "moto", region: "us-east-1", endpoint: moto!.endpoint },
      { name: "real", region: "us-east-1" },
    ]);
    prefix = join(sandbox.dir, "prefix");
    xdg = join(sandbox.dir, "xdg");
    cwd = join(sandbox.dir, "work");
    mkdirSync(cwd);
    userTarball = join(sandbox.dir, "awstriage.tgz");
    cpSync(tarball, userTarball);
    demoCache = join(sandbox.dir, "demo-cache");
    cpSync(DEMO_CACHE, demoCache, { recursive: true });
    giveTo(user, sandbox.dir);
    const { AWSTRIAGE_CACHE_DIR: _default, ...rest } = sandbox.env;
    env = { ...rest, XDG_CACHE_HOME: xdg, PATH: `${join(prefix, "bin")}:${process.env.PATH}` };
  });
  afterAll(async () => {
    sandbox?.cleanup();
    await moto?.stop();
  });

  it("installs without a build step or an install-scripts warning", () => {
    const result = install();
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/install-scripts|prepare|esbuild|npm run build/);
    expect(existsSync(join(prefix, "lib", "node_modules", "awstriage", "dist", "cli.js"))).toBe(true);
    expect(existsSync(join(prefix, "lib", "node_modules", "awstriage", "node_modules"))).toBe(false);
    if (user !== undefined) {
      const who = spawnSync("id", ["-u"], { encoding: "utf8", ...asUser(user) });
      expect(Number(who.stdout.trim())).not.toBe(0);
    }
  });

  it("keeps its cache in $XDG_CACHE_HOME/awstriage, and `cache path` says why", () => {
    const path = awstriage(["cache", "path"]);
    expect(path.code, path.stderr).toBe(0);
    expect(path.stdout).toBe(`${join(xdg, "awstriage")}\n`);
    expect(path.stderr).toMatch(/installed copy at .*node_modules/);

    const list = awstriage(["ec2", "list"]);
    expectClean(list);
    expect(jsonOut(list)).toHaveLength(2);
    expect(existsSync(join(xdg, "awstriage", "ec2", "moto", "us-east-1", "instances.json"))).toBe(true);
    expect(existsSync(join(prefix, "lib", "node_modules", "awstriage", "tmp"))).toBe(false);
  });

  it("logs a warning (an unusable cache file, fetched again) instead of crashing", () => {
    writeFileSync(join(xdg, "awstriage", "ec2", "moto", "us-east-1", "instances.json"), "{ damaged");
    const result = awstriage(["ec2", "list"]);
    expectClean(result);
    expect(result.stderr).toMatch(/^awstriage warn: ignoring unusable cache file/m);
    expect(jsonOut(result)).toHaveLength(2);
  });

  it("logs at --log-level debug, and in pino's JSON with AWSTRIAGE_LOG_FORMAT=json", () => {
    const debug = awstriage(["ec2", "list", "--log-level", "debug"]);
    expectClean(debug);
    expect(debug.stderr).toMatch(/^awstriage debug: /m);
    env.AWSTRIAGE_LOG_FORMAT = "json";
    const json = awstriage(["ec2", "list", "--log-level", "debug"]);
    delete env.AWSTRIAGE_LOG_FORMAT;
    expectClean(json);
    expect(json.stderr).toMatch(/^\{"level":20,/m);
  });

  it("triages the demo cache offline", () => {
    const args = [
      "triage",
      "--offline",
      "--cache-dir",
      demoCache,
      "--profile",
      "demo",
      "--region",
      "us-east-1,eu-west-1",
    ];
    const result = awstriage([...args, "--log-level", "debug"]);
    expectClean(result);
    expect(jsonOut(result).length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^awstriage debug: /m);
  });

  it("runs logs search --newest, which reports what it kept", () => {
    const result = awstriage(["logs", "search", GROUP, "--newest", "2", "--since", "2h"]);
    expectClean(result);
    expect(jsonOut(result).map((r) => r.message)).toEqual(["ERROR boom", "INFO done"]);
    expect(result.stderr).toMatch(/kept the newest 2/);
  });

  it("carries the SDK's region list (no node_modules to read it from): a typo is refused, completion offers regions", () => {
    const typo = awstriage(["whoami", "--profile", "real", "--region", "us-est-1"]);
    expect(typo.code, typo.stderr).toBe(2);
    expect(typo.stderr).toMatch(/did you mean us-east-1\?/);
    const completion = awstriage(["completion", "bash"]);
    expect(completion.code, completion.stderr).toBe(0);
    expect(completion.stdout).toContain("eu-west-1");
  });

  it("keeps that cache through a reinstall: --offline still answers from it", () => {
    expect(install().code).toBe(0);
    const offline = awstriage(["ec2", "list", "--offline"]);
    expectClean(offline);
    expect(jsonOut(offline)).toHaveLength(2);
    expect(offline.stderr).toMatch(/cache \d+s old/);
  });

  it("still obeys --cache-dir and AWSTRIAGE_CACHE_DIR", () => {
    const flag = awstriage(["cache", "path", "--cache-dir", join(sandbox.dir, "flag")]);
    expect(flag.stdout).toBe(`${join(sandbox.dir, "flag")}\n`);
    expect(flag.stderr).toMatch(/from --cache-dir/);
    env.AWSTRIAGE_CACHE_DIR = join(sandbox.dir, "env");
    const fromEnv = awstriage(["cache", "path"]);
    delete env.AWSTRIAGE_CACHE_DIR;
    expect(fromEnv.stdout).toBe(`${join(sandbox.dir, "env")}\n`);
    expect(fromEnv.stderr).toMatch(/from AWSTRIAGE_CACHE_DIR/);
  });
});
