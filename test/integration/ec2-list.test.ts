/**
 * `ec2 list` end to end against moto_server: the built CLI, a throwaway AWS config whose
 * profile sets endpoint_url (to a counting proxy in front of moto), and a private cache.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";

const moto = await startMoto();

describe.skipIf(moto === undefined)("ec2 list against moto_server", () => {
  let running: string[];
  let stopped: string[];
  let tagged: string[];
  const h = motoSuite(moto, async (endpoint) => {
    running = await runInstances(endpoint, "us-east-1", 3, { type: "t3.micro" });
    stopped = await runInstances(endpoint, "us-east-1", 2, { type: "m5.large", stop: true });
    tagged = await runInstances(endpoint, "us-east-1", 1, {
      type: "t3.micro",
      tags: { Name: "api", team: "payments" },
    });
  });

  const cacheFile = () => join(h.sandbox.cacheDir, "ec2", "moto", "us-east-1", "instances.json");

  it("fetches every instance once, then serves the next run from the cache with no AWS call", async () => {
    const first = await runInProcess(["ec2", "list"], h.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records.map((r) => r.instanceId).sort()).toEqual([...running, ...stopped, ...tagged].sort());
    expect(records.every((r) => r.account === TEST_ACCOUNT && r.region === "us-east-1")).toBe(true);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
    expect(h.proxy.count("GetCallerIdentity")).toBe(1);
    expect(first.stderr).toMatch(
      /account 123456789012 \| region us-east-1 \| profile moto \| arn:aws:sts::123456789012:user\/moto \| ec2\/instances: fetched/,
    );

    const before = h.proxy.count();
    const second = await runInProcess(["ec2", "list"], h.sandbox.env);
    expect(second.code, second.stderr).toBe(0);
    expect(h.proxy.count()).toBe(before);
    expect(jsonOut(second)).toEqual(records);
    expect(second.stderr).toMatch(/ec2\/instances: cache \d+s old/);
  });

  it("--force and --ttl 0 bypass a fresh cache entry and rewrite it", async () => {
    await runInProcess(["ec2", "list"], h.sandbox.env);
    const firstFetchedAt = JSON.parse(readFileSync(cacheFile(), "utf8")).fetchedAt;
    await new Promise((r) => setTimeout(r, 20));
    expect((await runInProcess(["ec2", "list", "--force"], h.sandbox.env)).code).toBe(0);
    expect(h.proxy.count("DescribeInstances")).toBe(2);
    expect(JSON.parse(readFileSync(cacheFile(), "utf8")).fetchedAt).not.toBe(firstFetchedAt);
    expect((await runInProcess(["--ttl", "0", "ec2", "list"], h.sandbox.env)).code).toBe(0);
    expect(h.proxy.count("DescribeInstances")).toBe(3);
  });

  it("writes the cache envelope DESIGN.md describes, private and atomically", async () => {
    expect((await runInProcess(["ec2", "list"], h.sandbox.env)).code).toBe(0);
    const envelope = JSON.parse(readFileSync(cacheFile(), "utf8"));
    expect(envelope).toMatchObject({
      schemaVersion: 1,
      script: "ec2",
      resource: "instances",
      profile: "moto",
      account: TEST_ACCOUNT,
      region: "us-east-1",
      params: {},
    });
    expect(envelope.items).toHaveLength(6);
    expect(typeof envelope.awstriageVersion).toBe("string");
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.sandbox.cacheDir, "ec2", "moto")).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(h.sandbox.cacheDir, "ec2", "moto", "us-east-1"))).toEqual(["instances.json"]);
  });

  it("applies --state, --tag and --type locally from one cache entry", async () => {
    expect((await runInProcess(["ec2", "list"], h.sandbox.env)).code).toBe(0);
    const calls = h.proxy.count();
    const byState = jsonOut(await runInProcess(["ec2", "list", "--state", "stopped"], h.sandbox.env));
    expect(byState.map((r) => r.instanceId).sort()).toEqual([...stopped].sort());
    const byTag = jsonOut(
      await runInProcess(["ec2", "list", "--tag", "team=payments", "--tag", "Name=api"], h.sandbox.env),
    );
    expect(byTag.map((r) => r.instanceId)).toEqual(tagged);
    expect(byTag[0]).toMatchObject({ name: "api", tags: { team: "payments", Name: "api" } });
    const byType = jsonOut(await runInProcess(["ec2", "list", "--type", "m5.large"], h.sandbox.env));
    expect(byType).toHaveLength(2);
    expect(h.proxy.count()).toBe(calls);
  });

  it("prints ndjson, tables and --raw API items", async () => {
    const nd = await runInProcess(["ec2", "list", "-o", "ndjson"], h.sandbox.env);
    const lines = nd.stdout.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0] as string)).toHaveProperty("instanceId");
    const table = await runInProcess(["ec2", "list", "-o", "table"], h.sandbox.env);
    expect(table.stdout.split("\n")[0]).toMatch(/^instanceId\s+name\s+state\s+instanceType/);
    expect(table.stdout).toContain(tagged[0]);
    const raw = jsonOut(await runInProcess(["ec2", "list", "--raw"], h.sandbox.env));
    expect(raw[0]).toHaveProperty("InstanceId");
    expect(raw[0]).toHaveProperty("Placement");
  });

  it("writes the --out document and hides the context line with -q", async () => {
    const out = join(h.sandbox.dir, "instances.json");
    const result = await runInProcess(["ec2", "list", "-q", "--out", out], h.sandbox.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc).toMatchObject({
      schemaVersion: 1,
      command: "ec2 list",
      context: { account: TEST_ACCOUNT, regions: ["us-east-1"], profile: "moto" },
    });
    expect(doc.context.arn).toMatch(/^arn:aws:sts::/);
    expect(doc.sources).toEqual([expect.objectContaining({ path: cacheFile(), fromCache: false })]);
    expect(doc.records).toEqual(jsonOut(result));
  });

  it("--offline reads the cache with no credentials or config at all", async () => {
    expect((await runInProcess(["ec2", "list"], h.sandbox.env)).code).toBe(0);
    const calls = h.proxy.count();
    const { AWS_CONFIG_FILE: _c, AWS_PROFILE: _p, ...bare } = h.sandbox.env;
    const offline = await runCli(["ec2", "list", "--offline", "--region", "us-east-1"], {
      ...bare,
      AWS_CONFIG_FILE: join(h.sandbox.dir, "missing"),
    });
    expect(offline.code, offline.stderr).toBe(0);
    expect(jsonOut(offline)).toHaveLength(6);
    expect(offline.stderr).toMatch(/profile moto .*cache \d+s old/);
    expect(h.proxy.count()).toBe(calls);
  });

  it("treats a corrupt cache file as a miss online and as exit 5 offline, naming the file", async () => {
    mkdirSync(join(h.sandbox.cacheDir, "ec2", "moto", "us-east-1"), { recursive: true });
    writeFileSync(cacheFile(), '{"schemaVersion": 1, "items": [');
    const offline = await runInProcess(["ec2", "list", "--offline"], h.sandbox.env);
    expect(offline.code).toBe(5);
    expect(offline.stdout).toBe("");
    expect(offline.stderr).toContain(cacheFile());
    const online = await runInProcess(["ec2", "list"], h.sandbox.env);
    expect(online.code).toBe(0);
    expect(online.stderr).toMatch(/warn.*unusable cache file/);
    expect(jsonOut(online)).toHaveLength(6);
    expect(JSON.parse(readFileSync(cacheFile(), "utf8")).items).toHaveLength(6);
  });

  it("still prints the result when the cache folder is not writable", async () => {
    mkdirSync(h.sandbox.cacheDir, { recursive: true });
    writeFileSync(join(h.sandbox.cacheDir, "ec2"), "a file where a folder should be");
    const result = await runInProcess(["ec2", "list"], h.sandbox.env);
    expect(result.code).toBe(0);
    expect(jsonOut(result)).toHaveLength(6);
    expect(result.stderr).toMatch(/could not write the cache/);
    // The warning names the way out, not only the problem.
    expect(result.stderr).toMatch(/--cache-dir .*AWSTRIAGE_CACHE_DIR/);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it("exits 3 with the fix when no profile is set, and 2 on a bad flag value", async () => {
    const { AWS_PROFILE: _p, ...noProfile } = h.sandbox.env;
    const missing = await runInProcess(["ec2", "list"], noProfile);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/AWS_PROFILE/);
    const unknown = await runInProcess(["ec2", "list", "--profile", "nope"], h.sandbox.env);
    expect(unknown.code).toBe(3);
    const bad = await runInProcess(["ec2", "list", "--ttl", "5x"], h.sandbox.env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(bad.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
  });
});
