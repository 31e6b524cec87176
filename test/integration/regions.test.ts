/**
 * Several regions at once against moto_server: the built CLI, a counting proxy (calls per
 * region come from each request's SigV4 scope), and a private cache per test.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startMoto } from "../helpers/moto.js";
import { startProxy, type FaultProxy } from "../helpers/proxy.js";
import { motoSuite } from "../helpers/suite.js";
import { createSandbox, seedConfig, TEST_ACCOUNT, type AwsSandbox } from "../helpers/aws-env.js";
import { BIN, jsonOut, runCli } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";

const moto = await startMoto();

const THREE = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const SEEDED = { "us-east-1": 2, "eu-west-1": 3, "ap-southeast-2": 1 } as const;

type Instance = { instanceId: string; region: string; account: string };

describe.skipIf(moto === undefined)("several regions against moto_server", () => {
  const ids: Record<string, string[]> = {};
  const h = motoSuite(moto, async (endpoint) => {
    for (const [region, count] of Object.entries(SEEDED)) ids[region] = await runInstances(endpoint, region, count);
  });

  const callsByRegion = (action: string) => {
    const counts: Record<string, number> = {};
    for (const call of h.proxy.calls.filter((c) => c.action === action))
      counts[call.region] = (counts[call.region] ?? 0) + 1;
    return counts;
  };

  it("lists instances of three regions, each record carrying its region, with one DescribeInstances per region", async () => {
    const result = await runInProcess(["ec2", "list", "--region", THREE.join(",")], h.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<Instance>(result);
    for (const region of THREE) {
      expect(
        records
          .filter((r) => r.region === region)
          .map((r) => r.instanceId)
          .sort(),
      ).toEqual([...(ids[region] ?? [])].sort());
    }
    expect(records).toHaveLength(6);
    expect(records.every((r) => r.account === TEST_ACCOUNT)).toBe(true);
    // Sorted by region, then instance: the same order however the regions are typed.
    expect(records.map((r) => r.region)).toEqual([
      "ap-southeast-2",
      "eu-west-1",
      "eu-west-1",
      "eu-west-1",
      "us-east-1",
      "us-east-1",
    ]);
    expect(callsByRegion("DescribeInstances")).toEqual({ "us-east-1": 1, "eu-west-1": 1, "ap-southeast-2": 1 });
    expect(h.proxy.count("GetCallerIdentity")).toBe(1);
    expect(result.stderr).toMatch(
      /account 123456789012 \| regions ap-southeast-2,eu-west-1,us-east-1 \| profile moto .*ec2\/instances: fetched \(3 regions\)/,
    );
    for (const region of THREE)
      expect(existsSync(join(h.sandbox.cacheDir, "ec2", "moto", region, "instances.json"))).toBe(true);

    const reordered = await runInProcess(
      ["ec2", "list", "--region", "us-east-1,ap-southeast-2,eu-west-1"],
      h.sandbox.env,
    );
    expect(reordered.stdout).toBe(result.stdout);
  });

  it("serves a later single-region run from the per-region cache file, with no AWS call", async () => {
    expect((await runInProcess(["ec2", "list", "--region", THREE.join(",")], h.sandbox.env)).code).toBe(0);
    const before = h.proxy.count();
    const single = await runInProcess(["ec2", "list", "--region", "eu-west-1"], h.sandbox.env);
    expect(single.code, single.stderr).toBe(0);
    expect(
      jsonOut<Instance>(single)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...(ids["eu-west-1"] ?? [])].sort());
    expect(h.proxy.count()).toBe(before);
    expect(single.stderr).toMatch(/region eu-west-1 .*ec2\/instances: cache \d+s old/);
  });

  it("--region all covers every enabled region from DescribeRegions, and caches that list", async () => {
    const listed = (await new EC2Client(seedConfig(moto!.endpoint)).send(new DescribeRegionsCommand({}))).Regions ?? [];
    const enabled = listed
      .filter((r) => r.OptInStatus !== "not-opted-in")
      .map((r) => r.RegionName as string)
      .sort();
    const notEnabled = listed.filter((r) => r.OptInStatus === "not-opted-in").map((r) => r.RegionName);
    expect(notEnabled.length).toBeGreaterThan(0); // moto lists them; awstriage must skip them

    const result = await runInProcess(["ec2", "list", "--region", "all"], h.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(h.proxy.count("DescribeRegions")).toBe(1);
    expect(Object.keys(callsByRegion("DescribeInstances")).sort()).toEqual(enabled);
    expect(Object.values(callsByRegion("DescribeInstances")).every((n) => n === 1)).toBe(true);
    const records = jsonOut<Instance>(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual(Object.values(ids).flat().sort());
    // Past three regions the context line gives a count and the home region (the list is in --out).
    expect(result.stderr).toContain(`| ${enabled.length} regions (home us-east-1) |`);
    expect(result.stderr).toMatch(
      new RegExp(`ec2/regions: fetched; ec2/instances: fetched \\(${enabled.length} regions\\)`),
    );

    const again = await runInProcess(["ec2", "list", "--region", "all"], h.sandbox.env);
    expect(again.code).toBe(0);
    expect(h.proxy.count("DescribeRegions")).toBe(1);
    expect(again.stdout).toBe(result.stdout);
  });

  it("prints the good regions when one is throttled out, names it on stderr and in --out, and exits 4", async () => {
    h.proxy.setFaults((call) =>
      call.action === "DescribeInstances" && call.region === "eu-west-1" ? "throttle" : "pass",
    );
    const out = join(h.sandbox.dir, "doc.json");
    const result = await runCli(
      ["ec2", "list", "--region", THREE.join(","), "--max-attempts", "2", "--out", out],
      h.sandbox.env,
    );
    expect(result.code).toBe(4);
    const records = jsonOut<Instance>(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual(
      [...(ids["us-east-1"] ?? []), ...(ids["ap-southeast-2"] ?? [])].sort(),
    );
    expect(callsByRegion("DescribeInstances")["eu-west-1"]).toBe(2); // retried once, then given up
    expect(result.stderr).toMatch(
      /^awstriage: ec2\/instances failed in eu-west-1: throttled by AWS: ec2 DescribeInstances in eu-west-1/m,
    );
    const document = JSON.parse(readFileSync(out, "utf8"));
    expect(document.failures).toEqual([
      { region: "eu-west-1", resource: "ec2/instances", reason: expect.stringContaining("RequestLimitExceeded") },
    ]);
    expect(document.records).toEqual(records);

    // The good regions were cached despite the failure: the next run only asks the failed one.
    h.proxy.reset();
    const retry = await runInProcess(["ec2", "list", "--region", THREE.join(",")], h.sandbox.env);
    expect(retry.code, retry.stderr).toBe(0);
    expect(jsonOut(retry)).toHaveLength(6);
    expect(callsByRegion("DescribeInstances")).toEqual({ "eu-west-1": 1 });
    expect(retry.stderr).toMatch(
      /ec2\/instances: cache \d+s old ap-southeast-2, fetched eu-west-1, cache \d+s old us-east-1|ec2\/instances: cache \d+s old ap-southeast-2,us-east-1, fetched eu-west-1/,
    );
  });

  it("rejects a malformed region list with exit 2 before any AWS call", async () => {
    const bad = await runInProcess(["ec2", "list", "--region", "us-east-1,all"], h.sandbox.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--region all cannot be combined/);
    const typo = await runInProcess(["ec2", "list", "--region", "us-east-1,euwest1"], h.sandbox.env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/invalid region "euwest1"/);
    expect(h.proxy.count()).toBe(0);
  });

  it("refuses a region AWS does not have (us-est-1) with exit 2 and a guess, loading no SDK; an emulator's endpoint takes any name", async () => {
    const sandbox = h.useProfiles(() => [{ name: "real", region: "us-east-1" }]);
    const noSdk = `--import=${pathToFileURL(fileURLToPath(new URL("../helpers/no-aws-sdk.mjs", import.meta.url))).href}`;
    const typo = await runCli(["ec2", "list", "--region", "us-est-1"], { ...sandbox.env, NODE_OPTIONS: noSdk });
    expect(typo.code, typo.stderr).toBe(2);
    expect(typo.stderr).toBe(
      'awstriage: unknown region "us-est-1": AWS has no region of that name\n  → did you mean us-east-1? an emulator takes any name with --endpoint-url or AWS_ENDPOINT_URL\n',
    );
    expect(typo.stdout).toBe("");
    // The same name with a custom endpoint is asked there as it is.
    const made = await runInProcess(
      ["ec2", "list", "--region", "us-est-1", "--endpoint-url", h.proxy.endpoint],
      sandbox.env,
    );
    expect(made.stderr).not.toMatch(/unknown region/);
    // Asked there (moto, knowing no such region, answers with an error the SDK retries).
    expect(Object.keys(callsByRegion("DescribeInstances"))).toEqual(["us-est-1"]);
  });

  describe("with every request held for a moment", () => {
    let slow: FaultProxy;
    let sandbox: AwsSandbox;
    beforeAll(async () => {
      // Long enough that a run outlasts the progress line's one-second delay (progress.ts).
      slow = await startProxy(h.proxy.endpoint, { latencyMs: 600 });
    });
    afterAll(async () => slow?.close());
    beforeEach(() => {
      sandbox = createSandbox([{ name: "moto", region: "us-east-1", endpoint: slow.endpoint }]);
      slow.reset();
    });
    afterEach(() => sandbox.cleanup());

    // The STS identity call shares the --concurrency slots with the regions' calls.
    it("overlaps the regions' calls up to --concurrency calls in flight, and no further", async () => {
      const three = await runCli(
        ["ec2", "list", "--region", THREE.join(","), "--concurrency", "3", "--force"],
        sandbox.env,
      );
      expect(three.code, three.stderr).toBe(0);
      expect(slow.maxInFlight()).toBe(3);
      expect(slow.maxInFlight("DescribeInstances")).toBeGreaterThanOrEqual(2);
      slow.reset();
      const one = await runCli(
        ["ec2", "list", "--region", THREE.join(","), "--concurrency", "1", "--force"],
        sandbox.env,
      );
      expect(one.code, one.stderr).toBe(0);
      expect(slow.maxInFlight()).toBe(1);
    });

    it("never writes progress or escape codes when stderr is a pipe, though the run is long enough to show it", async () => {
      const result = await runCli(
        ["ec2", "list", "--region", THREE.join(","), "--concurrency", "1", "--force"],
        sandbox.env,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/[\r\x1b]/);
      expect(result.stderr).not.toContain("tasks done");
      expect(result.stdout).not.toMatch(/[\r\x1b]/);
      expect(jsonOut(result)).toHaveLength(6);
    });

    it("does show progress on a terminal, on stderr only (the control for the test above)", async (context) => {
      if (spawnSync("sh", ["-c", "command -v script"], { stdio: "ignore" }).status !== 0) {
        if (process.env.CI === "true")
          throw new Error("`script` (util-linux) is needed for the terminal progress test under CI=true");
        process.stderr.write("\n*** `script` not found: the terminal progress test is SKIPPED ***\n\n");
        context.skip();
      }
      const command = `'${process.execPath}' '${BIN}' ec2 list --region ${THREE.join(",")} --concurrency 1 --force -o json > '${join(sandbox.dir, "stdout.json")}'`;
      const terminal = await new Promise<string>((resolve, reject) => {
        const child = spawn("script", ["-qfec", command, "/dev/null"], {
          env: sandbox.env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let text = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (text += d));
        child.once("error", reject);
        child.once("close", () => resolve(text));
      });
      // Three region tasks, and the identity call beside them.
      expect(terminal).toMatch(/\r\x1b\[2Kawstriage: \d\/[34] tasks done, \d+ items? fetched/);
      expect(terminal).toMatch(/\r\x1b\[2Kawstriage: account 123456789012/);
      const stdout = readFileSync(join(sandbox.dir, "stdout.json"), "utf8");
      expect(stdout).not.toMatch(/[\r\x1b]/);
      expect(JSON.parse(stdout)).toHaveLength(6);
    });
  });
});
