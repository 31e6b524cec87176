/**
 * The cache under stress, with the built CLI against moto_server: eight concurrent
 * `--force` runs on one cache, Ctrl-C in the middle of a fetch, and corrupt cache files.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { firstCalls } from "../helpers/proxy.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { filesUnder, instancesCacheFile, motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli, spawnCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { runInstances } from "../helpers/seed.js";
import { testEnvelope } from "../helpers/cache-envelope.js";

const moto = await startMoto();

/** Every file under `dir`, relative to it; none when it does not exist. */
function relativeFiles(dir: string): string[] {
  return existsSync(dir) ? filesUnder(dir).map((f) => relative(dir, f)) : [];
}

describe.skipIf(moto === undefined)("cache robustness", () => {
  let instances: string[] = [];
  const suite = motoSuite(moto, async (endpoint) => {
    instances = await runInstances(endpoint, "us-east-1", 4, { tags: { team: "payments" } });
  });
  const cacheFile = () => instancesCacheFile(suite.sandbox);

  describe("concurrent runs", () => {
    it("eight concurrent `ec2 list --force` all succeed with the right instances; the cache is valid and no temp file is left", {
      timeout: 150_000,
    }, async () => {
      // A first run so that readers running alongside the writers find a file to read.
      expect((await runCli(["ec2", "list"], suite.sandbox.env)).code).toBe(0);
      const writers = Array.from({ length: 8 }, () =>
        runCli(["ec2", "list", "--force"], suite.sandbox.env, { timeoutMs: 120_000 }),
      );
      const readers = Array.from({ length: 4 }, () =>
        runCli(["ec2", "list", "--ttl", "1h"], suite.sandbox.env, { timeoutMs: 120_000 }),
      );
      const results = await Promise.all([...writers, ...readers]);
      for (const result of results) {
        expect(result.code, result.stderr).toBe(0);
        expect(
          jsonOut(result)
            .map((r) => r.instanceId)
            .sort(),
        ).toEqual([...instances].sort());
        // A reader that met a half-written file would warn and refetch; a writer that met
        // another's temp file would fail to write.
        expect(result.stderr).not.toMatch(/unusable cache file|could not write the cache/);
      }
      expect(suite.proxy.count("DescribeInstances")).toBe(1 + 8);
      const envelope = JSON.parse(readFileSync(cacheFile(), "utf8"));
      expect(envelope).toMatchObject({ schemaVersion: 1, account: TEST_ACCOUNT, region: "us-east-1" });
      expect(envelope.items.map((i: { InstanceId: string }) => i.InstanceId).sort()).toEqual([...instances].sort());
      const files = relativeFiles(suite.sandbox.cacheDir).sort();
      expect(files).toEqual([
        ".awstriage-cache",
        "ec2/moto/us-east-1/instances.json",
        "sts/moto/global/caller-identity.json",
      ]);
    });
  });

  describe("interruption", () => {
    it("Ctrl-C while DescribeInstances is in flight exits 130 and leaves no cache file and no temp file", async () => {
      suite.proxy.setFaults(firstCalls(1, "hang", "DescribeInstances"));
      const run = spawnCli(["ec2", "list"], suite.sandbox.env);
      await suite.proxy.waitForCall("DescribeInstances");
      run.child.kill("SIGINT");
      const result = await run.result;
      expect(result.code).toBe(130);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/awstriage: interrupted/);
      expect(result.stderr).not.toMatch(STACK_FRAME_RE);
      expect(relativeFiles(join(suite.sandbox.cacheDir, "ec2"))).toEqual([]);
      expect(relativeFiles(suite.sandbox.cacheDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });

    it("Ctrl-C during `--force` leaves the previous cache entry byte for byte, and SIGTERM exits 143", async () => {
      expect((await runCli(["ec2", "list"], suite.sandbox.env)).code).toBe(0);
      const before = readFileSync(cacheFile());
      for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
      ] as const) {
        suite.proxy.reset();
        suite.proxy.setFaults(firstCalls(1, "hang", "DescribeInstances"));
        const run = spawnCli(
          ["ec2", "list", "--force", "--out", join(suite.sandbox.dir, "out.json")],
          suite.sandbox.env,
        );
        await suite.proxy.waitForCall("DescribeInstances");
        run.child.kill(signal);
        const result = await run.result;
        expect(result.code).toBe(code);
        expect(readFileSync(cacheFile()).equals(before)).toBe(true);
        expect(relativeFiles(suite.sandbox.dir).filter((f) => f.endsWith(".tmp") || f === "out.json")).toEqual([]);
      }
    });
  });

  describe("corrupt cache files", () => {
    const validEnvelope = () =>
      testEnvelope({ profile: "moto", account: TEST_ACCOUNT, items: [{ InstanceId: "i-fromthecache" }] });
    // The rarer kinds (a folder, a bad fetchedAt, items not an array) are unit-tested in store-robustness.test.ts.
    const cases: Array<{ name: string; content: () => string; reason: RegExp }> = [
      { name: "truncated", content: () => JSON.stringify(validEnvelope()).slice(0, 60), reason: /not valid JSON/ },
      { name: "empty", content: () => "", reason: /empty file/ },
      { name: "not JSON", content: () => "<html>502 Bad Gateway</html>\n", reason: /not valid JSON/ },
      {
        name: "another schemaVersion",
        content: () => JSON.stringify({ ...validEnvelope(), schemaVersion: 2 }),
        reason: /not an awstriage v1 cache file \(schemaVersion/,
      },
    ];

    it.each(cases)(
      "$name: offline exits 5 naming the file; online warns, refetches and rewrites it",
      async ({ content, reason }) => {
        mkdirSync(join(suite.sandbox.cacheDir, "ec2", "moto", "us-east-1"), { recursive: true });
        writeFileSync(cacheFile(), content());

        const offline = await runCli(["ec2", "list", "--offline"], suite.sandbox.env);
        expect(offline.code).toBe(5);
        expect(offline.stdout).toBe("");
        expect(offline.stderr).toContain(cacheFile());
        expect(offline.stderr).toMatch(reason);
        expect(offline.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
        expect(suite.proxy.count()).toBe(0);

        const online = await runCli(["ec2", "list"], suite.sandbox.env);
        expect(online.code, online.stderr).toBe(0);
        expect(online.stderr).toMatch(/warn: ignoring unusable cache file/);
        expect(online.stderr).toContain(cacheFile());
        expect(
          jsonOut(online)
            .map((r) => r.instanceId)
            .sort(),
        ).toEqual([...instances].sort());
        expect(suite.proxy.count("DescribeInstances")).toBe(1);
        const rewritten = JSON.parse(readFileSync(cacheFile(), "utf8"));
        expect(rewritten.schemaVersion).toBe(1);
        expect(rewritten.items).toHaveLength(instances.length);
        expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
      },
    );

    it("a valid file is served as is (the cases above fail for their content, not their placement)", async () => {
      mkdirSync(join(suite.sandbox.cacheDir, "ec2", "moto", "us-east-1"), { recursive: true });
      writeFileSync(cacheFile(), JSON.stringify(validEnvelope()));
      const offline = await runCli(["ec2", "list", "--offline"], suite.sandbox.env);
      expect(offline.code, offline.stderr).toBe(0);
      expect(jsonOut(offline).map((r) => r.instanceId)).toEqual(["i-fromthecache"]);
    });
  });
});
