/**
 * `cache ls | clear | path` and `diff` as a user runs them: the built CLI, a private cache, no
 * AWS configuration at all, and a preload that fails on any attempt to load the AWS SDK.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanEnv } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { writeEnvelope } from "../../src/cache/store.js";
import { cacheFilePath, cacheIdentity } from "../../src/cache/paths.js";
import type { Finding } from "../../src/records/index.js";
import { finding } from "../helpers/records.js";
import { testEnvelope } from "../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const NO_SDK = pathToFileURL(new URL("../helpers/no-aws-sdk.mjs", import.meta.url).pathname).href;
let dir: string;
let cacheDir: string;
let env: NodeJS.ProcessEnv;

async function put(script: string, resource: string, profile: string, region: string, ageMs = 0): Promise<string> {
  const path = cacheFilePath(cacheDir, { script, resource, identity: cacheIdentity(profile), region });
  await writeEnvelope(
    path,
    testEnvelope({
      script,
      resource,
      profile,
      region,
      fetchedAt: new Date(Date.now() - ageMs).toISOString(),
      items: [{ n: 1 }, { n: 2 }],
    }),
    cacheDir,
  );
  return path;
}

beforeEach(() => {
  dir = makeTempDir("cache-cli");
  cacheDir = join(dir, "cache");
  // No profile, no config, no credentials: only HOME and the cache.
  env = {
    ...cleanEnv(),
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, "missing-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "missing-credentials"),
    AWSTRIAGE_CACHE_DIR: cacheDir,
    NODE_OPTIONS: `--import=${NO_SDK}`,
  };
});
afterEach(() => removeTempDir(dir));

describe("cache commands", () => {
  it("cache path prints the root from $AWSTRIAGE_CACHE_DIR or --cache-dir, and nothing else on stdout", async () => {
    const fromEnv = await runCli(["cache", "path"], env);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toBe(`${cacheDir}\n`);
    const fromFlag = await runCli(["cache", "path", "--cache-dir", join(dir, "other")], env);
    expect(fromFlag.stdout).toBe(`${join(dir, "other")}\n`);
  });

  it("cache ls lists every entry as JSON with no credentials and without loading the AWS SDK", async () => {
    const a = await put("ec2", "instances", "prod", "us-east-1", 2 * 60_000);
    const b = await put("lambda", "functions", "dev", "eu-west-1", 20 * 60_000);
    const result = await runCli(["cache", "ls", "-o", "json"], env);
    expect(result.code, result.stderr).toBe(0);
    const entries = jsonOut(result);
    expect(entries.map((e) => e.path)).toEqual([a, b]);
    expect(Object.keys(entries[0]!)).toEqual([
      "path",
      "script",
      "resource",
      "profile",
      "region",
      "account",
      "fetchedAt",
      "ageSeconds",
      "fresh",
      "items",
      "bytes",
      "error",
    ]);
    expect(entries.map((e) => [e.script, e.profile, e.fresh, e.items])).toEqual([
      ["ec2", "prod", true, 2],
      ["lambda", "dev", false, 2],
    ]);
    expect(result.stderr).toMatch(/cache .* \| 2 entries, \d+ bytes \| fresh within 5m/);
  });

  it("cache ls respects --ttl and filters by --script and --profile", async () => {
    await put("ec2", "instances", "prod", "us-east-1", 2 * 60_000);
    await put("lambda", "functions", "dev", "eu-west-1");
    const longTtl = jsonOut(await runCli(["cache", "ls", "--ttl", "1h"], env));
    expect(longTtl.every((e) => e.fresh === true)).toBe(true);
    const shortTtl = jsonOut(await runCli(["--ttl", "1m", "cache", "ls"], env));
    expect(shortTtl.map((e) => e.fresh)).toEqual([false, true]);
    expect(jsonOut(await runCli(["cache", "ls", "--script", "lambda"], env)).map((e) => e.script)).toEqual(["lambda"]);
    expect(jsonOut(await runCli(["cache", "ls", "--profile", "prod"], env)).map((e) => e.profile)).toEqual(["prod"]);
  });

  it("cache ls shows an unreadable entry with its error and says so on stderr", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    const broken = join(cacheDir, "logs", "prod", "us-east-1", "log-groups.json");
    mkdirSync(join(cacheDir, "logs", "prod", "us-east-1"), { recursive: true });
    writeFileSync(broken, '{"schemaVersion": 1, "items": [');
    const result = await runCli(["cache", "ls"], env);
    expect(result.code).toBe(0);
    const entries = jsonOut(result);
    expect(entries[1]).toMatchObject({
      path: broken,
      script: "logs",
      resource: "log-groups",
      error: "not valid JSON (truncated?)",
      items: null,
    });
    expect(result.stderr).toMatch(/1 entry unusable/);
  });

  it("cache ls -o table prints aligned columns", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    const table = await runCli(["cache", "ls", "-o", "table"], env);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^script\s+resource\s+profile\s+region\s+account\s+ageSeconds\s+fresh\s+items\s+bytes\s+error\s+path$/,
    );
    expect(table.stdout.split("\n")[1]).toMatch(
      /^ec2\s+instances\s+prod\s+us-east-1\s+123456789012\s+\d+\s+true\s+2\s+\d+\s+-\s+\//,
    );
  });

  it("cache clear removes everything even with AWS_PROFILE exported; --profile before the command narrows it", async () => {
    await put("ec2", "instances", "prod", "us-east-1");
    await put("ec2", "instances", "dev", "us-east-1");
    const narrowed = await runCli(["--profile", "dev", "cache", "clear"], env);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.stdout).toBe("");
    expect(narrowed.stderr).toMatch(/removed 1 entry \(\d+ bytes\) of profile dev/);
    expect(readdirSync(join(cacheDir, "ec2"))).toEqual(["prod"]);
    await put("lambda", "functions", "dev", "us-east-1");
    const all = await runCli(["cache", "clear"], { ...env, AWS_PROFILE: "dev" });
    expect(all.stderr).toMatch(/removed 2 entries/);
    // Only the root's marker is left: the root is still an awstriage cache.
    expect(readdirSync(cacheDir)).toEqual([".awstriage-cache"]);
  });

  it("cache ls shows and cache clear removes the organization's account list (organizations/<identity>/global)", async () => {
    const accounts = await put("organizations", "accounts", "mgmt", "global");
    const other = await put("ec2", "instances", "mgmt", "us-east-1");
    const listed = await runCli(["cache", "ls", "-o", "json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(jsonOut(listed).map((e) => [e.script, e.resource, e.region])).toEqual([
      ["ec2", "instances", "us-east-1"],
      ["organizations", "accounts", "global"],
    ]);
    const one = await runCli(["cache", "ls", "--script", "organizations", "-o", "json"], env);
    expect(jsonOut(one).map((e) => e.path)).toEqual([accounts]);
    const cleared = await runCli(["cache", "clear"], env);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stderr).toMatch(/removed 2 entries/);
    expect(existsSync(accounts)).toBe(false);
    expect(existsSync(other)).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([".awstriage-cache"]);
  });

  it("cache clear --script removes one command group only", async () => {
    const keep = await put("ec2", "instances", "prod", "us-east-1");
    await put("lambda", "functions", "prod", "us-east-1");
    const result = await runCli(["cache", "clear", "--script", "lambda"], env);
    expect(result.code).toBe(0);
    expect(existsSync(keep)).toBe(true);
    expect(existsSync(join(cacheDir, "lambda"))).toBe(false);
  });

  it("refuses an unknown --script with exit 2, naming the valid ones, and removes nothing", async () => {
    const keep = await put("ec2", "instances", "prod", "us-east-1");
    for (const command of ["clear", "ls"]) {
      const result = await runCli(["cache", command, "--script", "bogus"], env);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(
        /--script must be one of sts, ec2, lambda, cloudwatch, logs, graph, cloudtrail, organizations/,
      );
      expect(result.stderr).not.toMatch(/\bat \S+ \(/);
    }
    expect(existsSync(keep)).toBe(true);
  });

  it("refuses a bad --script, --out and --raw with exit 2 and one or two lines", async () => {
    for (const args of [
      ["cache", "clear", "--script", "../etc"],
      ["cache", "ls", "--out", join(dir, "x.json")],
      ["cache", "ls", "--raw"],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
  });
});

const lambdaFinding = (resourceId: string, severity: Finding["severity"]): Finding =>
  finding({ ruleId: "lambda.errors", resourceType: "lambda:function", resourceId, severity });

function document(path: string, findings: Finding[]): string {
  writeFileSync(
    path,
    JSON.stringify({
      schemaVersion: 1,
      generatedAt: "2026-01-01T00:00:00.000Z",
      command: "triage",
      context: {},
      sources: [],
      findings,
    }),
  );
  return path;
}

describe("diff", () => {
  it("prints new, resolved and unchanged findings between two --out documents", async () => {
    const before = document(join(dir, "before.json"), [
      lambdaFinding("fixed", "high"),
      lambdaFinding("same", "medium"),
    ]);
    const after = document(join(dir, "after.json"), [lambdaFinding("same", "medium"), lambdaFinding("broke", "low")]);
    const result = await runCli(["diff", before, after], env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((e) => [e.change, e.resourceId])).toEqual([
      ["new", "broke"],
      ["resolved", "fixed"],
      ["unchanged", "same"],
    ]);
    expect(result.stderr).toMatch(/1 new, 1 resolved, 1 unchanged/);
  });

  it("--fail-on looks only at new or worsened findings", async () => {
    const before = document(join(dir, "before.json"), [
      lambdaFinding("old-high", "high"),
      lambdaFinding("rising", "medium"),
    ]);
    const sameHigh = document(join(dir, "same.json"), [
      lambdaFinding("old-high", "high"),
      lambdaFinding("rising", "medium"),
    ]);
    expect((await runCli(["diff", before, sameHigh, "--fail-on", "high"], env)).code).toBe(0);
    const newLow = document(join(dir, "low.json"), [
      lambdaFinding("old-high", "high"),
      lambdaFinding("rising", "medium"),
      lambdaFinding("new", "low"),
    ]);
    expect((await runCli(["diff", before, newLow, "--fail-on", "medium"], env)).code).toBe(0);
    expect((await runCli(["diff", before, newLow, "--fail-on", "low"], env)).code).toBe(6);
    const worse = document(join(dir, "worse.json"), [
      lambdaFinding("old-high", "high"),
      lambdaFinding("rising", "high"),
    ]);
    expect((await runCli(["diff", before, worse, "--fail-on", "high"], env)).code).toBe(6);
  });

  it("exits 2 naming the file when a document is missing or is not a triage document", async () => {
    const good = document(join(dir, "good.json"), []);
    writeFileSync(join(dir, "records.json"), JSON.stringify({ schemaVersion: 1, records: [] }));
    for (const [other, pattern] of [
      [join(dir, "missing.json"), /cannot read .*missing\.json: ENOENT \(no such file or folder\)/],
      [join(dir, "records.json"), /records\.json: it has records, not findings/],
    ] as const) {
      const result = await runCli(["diff", good, other], env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
    const badFailOn = await runCli(["diff", good, good, "--fail-on", "severe"], env);
    expect(badFailOn.code).toBe(2);
    expect(badFailOn.stderr).toMatch(/--fail-on must be one of critical, high, medium, low, info/);
  });
});
