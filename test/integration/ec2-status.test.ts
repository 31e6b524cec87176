/**
 * `ec2 status` against moto_server. Moto reports every running instance as ok and every
 * stopped one as not-applicable, with no scheduled events; impaired checks and events are
 * covered by the unit tests (test/unit/commands/ec2.test.ts, test/unit/normalize).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";

const moto = await startMoto();

type StatusRecord = {
  instanceId: string;
  region: string;
  account: string;
  state: string;
  systemStatus: string;
  instanceStatus: string;
  events: unknown[];
};

describe.skipIf(moto === undefined)("ec2 status against moto_server", () => {
  let running: string[];
  let stopped: string[];
  let europe: string[];
  const h = motoSuite(moto, async (endpoint) => {
    running = await runInstances(endpoint, "us-east-1", 2, { tags: { Name: "web" } });
    stopped = await runInstances(endpoint, "us-east-1", 1, { stop: true });
    europe = await runInstances(endpoint, "eu-west-1", 1);
  });

  it("--all lists every instance with both status checks, stopped ones included, in every region", async () => {
    const result = await runInProcess(["ec2", "status", "--all", "--region", "us-east-1,eu-west-1"], h.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<StatusRecord>(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual([...running, ...stopped, ...europe].sort());
    expect(records.every((r) => r.account === TEST_ACCOUNT)).toBe(true);
    expect(records.filter((r) => r.region === "eu-west-1").map((r) => r.instanceId)).toEqual(europe);
    for (const id of [...running, ...europe]) {
      expect(records.find((r) => r.instanceId === id)).toMatchObject({
        state: "running",
        systemStatus: "ok",
        instanceStatus: "ok",
        events: [],
      });
    }
    expect(records.find((r) => r.instanceId === stopped[0])).toMatchObject({
      region: "us-east-1",
      state: "stopped",
      systemStatus: "not-applicable",
      instanceStatus: "not-applicable",
    });
    expect(h.proxy.count("DescribeInstanceStatus")).toBe(2);
    expect(result.stderr).toMatch(/regions eu-west-1,us-east-1 .*ec2\/instance-status: fetched \(2 regions\)/);
  });

  it("without --all lists nothing when every check is ok, from the same cache entry", async () => {
    expect((await runInProcess(["ec2", "status", "--all"], h.sandbox.env)).code).toBe(0);
    const calls = h.proxy.count();
    const result = await runInProcess(["ec2", "status"], h.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)).toEqual([]);
    expect(h.proxy.count()).toBe(calls);
    const envelope = JSON.parse(
      readFileSync(join(h.sandbox.cacheDir, "ec2", "moto", "us-east-1", "instance-status.json"), "utf8"),
    );
    expect(envelope).toMatchObject({
      script: "ec2",
      resource: "instance-status",
      account: TEST_ACCOUNT,
      region: "us-east-1",
    });
    expect(envelope.items).toHaveLength(3);
  });

  it("names instances from a cached `ec2 list` inventory, with no DescribeInstances call of its own", async () => {
    const names = async () =>
      jsonOut<StatusRecord & { name: string | null }>(
        await runInProcess(["ec2", "status", "--all"], h.sandbox.env),
      ).map((r) => [r.instanceId, r.name]);
    // No inventory cached yet: null, and ec2 status does not fetch one.
    expect((await names()).every(([, name]) => name === null)).toBe(true);
    expect(h.proxy.count("DescribeInstances")).toBe(0);

    expect((await runInProcess(["ec2", "list"], h.sandbox.env)).code).toBe(0);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
    const named = await names();
    expect(named.filter(([id]) => running.includes(id as string))).toEqual(
      [...running].sort().map((id) => [id, "web"]),
    );
    expect(named.find(([id]) => id === stopped[0])).toEqual([stopped[0], null]);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
  });

  it("prints a table with the status columns on request", async () => {
    const table = await runInProcess(["ec2", "status", "--all", "-o", "table"], h.sandbox.env);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^instanceId\s+state\s+systemStatus\s+instanceStatus\s+events$/, // one region: no region column
    );
    expect(table.stdout).toMatch(new RegExp(`${stopped[0]}\\s+stopped\\s+not-applicable\\s+not-applicable\\s+-$`, "m"));
  });
});
