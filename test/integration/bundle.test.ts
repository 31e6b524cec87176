/**
 * Issue 25.3, end to end on the shipped demo cache (no AWS): `triage --out`, `bundle create`,
 * then `--bundle` with no other flag, in another folder and (when the tests run as root) as
 * another user, gives byte-identical findings; a re-analysis bundles again from an empty cache;
 * a tampered bundle is exit 2 naming the file.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpackTarGz, packTarGz } from "../../src/bundle/tar.js";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli } from "../helpers/cli.js";
import { asUser, giveTo, nonRootUser } from "../helpers/non-root.js";
import { cliCopyFor } from "../helpers/other-user.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
const RUN = ["--profile", "demo", "--region", "us-east-1,eu-west-1", "--offline"];

let dir = "";
let env: NodeJS.ProcessEnv = {};
let findings = "";
let bundle = "";

beforeAll(async () => {
  dir = makeTempDir("bundle");
  const cache = join(dir, "cache");
  cpSync(DEMO_CACHE, cache, { recursive: true });
  env = { ...cleanEnv(), HOME: dir, AWSTRIAGE_CACHE_DIR: cache };
  const report = join(dir, "report.json");
  const run = await runCli(["triage", ...RUN, "-o", "json", "--out", report], env);
  expect(run.code, run.stderr).toBe(0);
  findings = run.stdout;
  bundle = join(dir, "evidence.tar.gz");
  const made = await runCli(["bundle", "create", bundle, "--from", report], env);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stderr).toMatch(/bundled \d+ files of triage/);
});
afterAll(() => removeTempDir(dir));

describe("--out is portable", () => {
  it("records the window, the config and each source relative to the cache root", () => {
    const doc = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(doc.window).toMatchObject({ since: "1h", until: null });
    expect(doc.window.start).toMatch(/^\d{4}-/);
    for (const source of doc.sources) expect(source.entry).toMatch(/^[a-z0-9-]+\/demo\/[a-z0-9-]+\/[^/]+\.json$/);
  });
});

describe("bundle create and --bundle", () => {
  it("packs the report, exactly the entries it used, and a manifest with their sha256", () => {
    const files = unpackTarGz(readFileSync(bundle));
    const manifest = JSON.parse(files.find((f) => f.path === "manifest.json")?.data.toString() ?? "{}");
    expect(manifest).toMatchObject({ command: "triage", profile: "demo", regions: ["eu-west-1", "us-east-1"] });
    const doc = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    const entries = [...new Set(doc.sources.map((s: { entry: string }) => `cache/${s.entry}`))].sort();
    expect(manifest.files.map((f: { path: string }) => f.path).filter((p: string) => p.startsWith("cache/"))).toEqual(
      entries,
    );
    for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("re-analyses it in another folder, as another user, with no other flag: the same findings byte for byte", () => {
    const { user, missing } = nonRootUser();
    if (missing !== undefined && process.env.CI === "true") throw new Error(missing);
    const elsewhere = join(dir, "colleague");
    mkdirSync(elsewhere);
    cpSync(bundle, join(elsewhere, "evidence.tar.gz"));
    // Their own copy of the built CLI: the checkout may be out of their reach (CI clones into a
    // private temp folder).
    const bin = cliCopyFor(elsewhere);
    giveTo(user, elsewhere);
    // The test's own folder stays unreadable to them: they may only pass through it.
    chmodSync(dir, 0o711);
    // Their environment: no AWS config, no profile, their own (empty) cache and home.
    const theirs = { ...cleanEnv(), HOME: elsewhere, AWSTRIAGE_CACHE_DIR: join(elsewhere, "cache"), TMPDIR: elsewhere };
    const result = spawnSync(process.execPath, [bin, "triage", "--bundle", "evidence.tar.gz", "-o", "json"], {
      cwd: elsewhere,
      env: theirs,
      encoding: "utf8",
      ...asUser(user),
    });
    if (user === undefined) console.warn(`bundle test ran as the current user (${missing ?? "not root"})`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(findings);
  });

  it("a run judged with no config file is re-read with none (a local .awstriage.json ignored) and bundles again", async () => {
    const again = join(dir, "again");
    mkdirSync(again);
    writeFileSync(join(again, ".awstriage.json"), JSON.stringify({ rules: { "lambda.errors": { enabled: false } } }));
    const out = join(again, "report.json");
    const reread = await runCli(["triage", "--bundle", bundle, "-o", "json", "--out", out], env, { cwd: again });
    expect(reread.code, reread.stderr).toBe(0);
    expect(reread.stdout).toBe(findings);
    expect(reread.stderr).toMatch(/ \| config none \| /);
    expect(JSON.parse(readFileSync(out, "utf8")).config).toBeNull();
    // Its --out document names no temporary file that is gone by now: it bundles like the first.
    const made = await runCli(["bundle", "create", join(again, "b.tar.gz"), "--from", out], env);
    expect(made.code, made.stderr).toBe(0);
  });

  it("a run judged with a config file is re-read with it, named as the bundle's own, and bundles again", async () => {
    const work = join(dir, "configured");
    mkdirSync(work);
    const configText = JSON.stringify({ rules: { "lambda.errors": { enabled: false } } });
    writeFileSync(join(work, "cfg.json"), configText);
    const first = join(work, "first.json");
    const run = await runCli(["triage", ...RUN, "--config", join(work, "cfg.json"), "-o", "json", "--out", first], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toBe(findings);
    const b1 = join(work, "b1.tar.gz");
    expect((await runCli(["bundle", "create", b1, "--from", first], env)).code).toBe(0);
    // Re-read from another folder: the config is the bundle's, not its deleted temporary copy.
    const again = join(work, "again");
    mkdirSync(again);
    const second = join(again, "second.json");
    const reread = await runCli(["triage", "--bundle", b1, "-o", "json", "--out", second], env, { cwd: again });
    expect(reread.code, reread.stderr).toBe(0);
    expect(reread.stdout).toBe(run.stdout);
    expect(reread.stderr).toContain(` | config ${b1}:config.json | `);
    const recorded = JSON.parse(readFileSync(first, "utf8")).config;
    expect(JSON.parse(readFileSync(second, "utf8")).config).toEqual({
      path: `${b1}:config.json`,
      sha256: recorded.sha256,
    });
    // The same judgement: diff finds nothing new or resolved.
    const diff = await runCli(["diff", first, second], env);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stderr).toMatch(/ \| 0 new, 0 resolved, \d+ unchanged/);
    // Passed on: the re-analysis bundles again, with the same config bytes, and reads the same.
    const b2 = join(again, "b2.tar.gz");
    const made = await runCli(["bundle", "create", b2, "--from", second], env, { cwd: again });
    expect(made.code, made.stderr).toBe(0);
    const packed = unpackTarGz(readFileSync(b2)).find((f) => f.path === "config.json");
    expect(packed?.data.toString()).toBe(configText);
    const third = await runCli(["triage", "--bundle", b2, "-o", "json"], env, { cwd: work });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe(run.stdout);
  });

  it("a colleague with an empty cache bundles their re-analysis again, from the bundle it was read from", async () => {
    const theirs = join(dir, "empty-cache");
    mkdirSync(join(theirs, "cache"), { recursive: true });
    const b1 = join(theirs, "b1.tar.gz");
    cpSync(bundle, b1);
    const empty = { ...cleanEnv(), HOME: theirs, AWSTRIAGE_CACHE_DIR: join(theirs, "cache") };
    const r2 = join(theirs, "r2.json");
    const reread = await runCli(["triage", "--bundle", b1, "-o", "json", "--out", r2], empty, { cwd: theirs });
    expect(reread.code, reread.stderr).toBe(0);
    const manifestBytes = unpackTarGz(readFileSync(b1)).find((f) => f.path === "manifest.json")?.data ?? "";
    const manifestSha256 = createHash("sha256").update(manifestBytes).digest("hex");
    expect(JSON.parse(readFileSync(r2, "utf8")).bundle).toEqual({ path: b1, manifestSha256 });
    // Their cache holds none of the entries: they come from b1, byte for byte.
    const b2 = join(theirs, "b2.tar.gz");
    const made = await runCli(["bundle", "create", b2, "--from", r2], empty, { cwd: theirs });
    expect(made.code, made.stderr).toBe(0);
    const cacheFiles = (b: string) =>
      unpackTarGz(readFileSync(b))
        .filter((f) => f.path.startsWith("cache/"))
        .map((f) => [f.path, f.data.toString("base64")]);
    expect(cacheFiles(b2).length).toBeGreaterThan(0);
    expect(cacheFiles(b2)).toEqual(cacheFiles(b1));
    const third = await runCli(["triage", "--bundle", b2, "-o", "json"], empty, { cwd: theirs });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe(findings);
    // Another bundle in its place (intact, but another manifest), then none: exit 2 naming it, and no file.
    const files = unpackTarGz(readFileSync(b1));
    const other = files.map((f) =>
      f.path === "manifest.json"
        ? { ...f, data: Buffer.from(f.data.toString().replace(/"createdAt": "/, '"createdAt": "1')) }
        : f,
    );
    writeFileSync(b1, packTarGz(other));
    const again = ["bundle", "create", join(theirs, "b3.tar.gz"), "--from", r2];
    const swapped = await runCli(again, empty, { cwd: theirs });
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain(`the bundle ${b1} is not the one ${r2} was read from`);
    rmSync(b1);
    const gone = await runCli(again, empty, { cwd: theirs });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`cannot read the bundle ${b1}`);
    expect(existsSync(join(theirs, "b3.tar.gz"))).toBe(false);
  });

  it("refuses a tampered bundle with exit 2, naming the file that changed", async () => {
    const files = unpackTarGz(readFileSync(bundle));
    const target = files.find((f) => f.path.startsWith("cache/lambda/")) ?? files[1];
    const tampered = files.map((f) => (f === target ? { ...f, data: Buffer.concat([f.data, Buffer.from(" ")]) } : f));
    const bad = join(dir, "tampered.tar.gz");
    writeFileSync(bad, packTarGz(tampered));
    const result = await runCli(["triage", "--bundle", bad], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(target?.path ?? "?");
    expect(result.stderr).toMatch(/does not match its sha256/);
    const junk = join(dir, "junk.tar.gz");
    writeFileSync(
      junk,
      gzipSync(Buffer.concat([gunzipSync(readFileSync(bundle)).subarray(0, 512 * 3), Buffer.alloc(1024)])),
    );
    expect((await runCli(["triage", "--bundle", junk], env)).code).toBe(2);
  });
});
