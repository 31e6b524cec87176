/**
 * `ec2 list` and `ec2 status` as a user runs them (main() with argv), in process, with the
 * SDK clients mocked: what reaches stdout, stderr, `--out` and the exit code.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  type EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../../src/main.js";
import { ExitCode } from "../../../src/errors/errors.js";
import { mockedAws, UNIT_ACCOUNT as ACCOUNT } from "../../helpers/unit.js";
import { collectInstanceStatus } from "../../../src/sources/ec2.js";
import { sdkError } from "../../helpers/sdk-error.js";

/** Runs the CLI in process and returns what it wrote where. */
async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation(
    (chunk: string | Uint8Array) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, "write").mockImplementation(
    (chunk: string | Uint8Array) => ((stderr += String(chunk)), true),
  );
  try {
    const code = await main(["node", "awstriage", ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
    vi.mocked(process.stderr.write).mockRestore();
  }
}

async function regionOf(getClient: () => EC2Client): Promise<string> {
  return getClient().config.region();
}

describe("ec2 commands over several regions", () => {
  const aws = mockedAws();
  const { ec2 } = aws;

  // main() reads the process environment, as the CLI does.
  beforeEach(() => {
    for (const [name, value] of Object.entries(aws.sandbox.env)) vi.stubEnv(name, value as string);
    vi.stubEnv("AWSTRIAGE_CACHE_DIR", aws.sandbox.cacheDir);
    for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWSTRIAGE_LOG_FORMAT"])
      vi.stubEnv(name, undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("prints the good regions' records, names the failed region with its reason on stderr and in --out, and exits 4", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient);
      if (region === "ap-east-1") {
        throw sdkError("AuthFailure", 401, {
          service: EC2ServiceException,
          message: "AWS was not able to validate the provided access credentials",
        });
      }
      const ids = region === "us-east-1" ? ["i-b", "i-a"] : ["i-c"];
      return { Reservations: [{ Instances: ids.map((InstanceId) => ({ InstanceId, State: { Name: "running" } })) }] };
    });
    const out = join(aws.sandbox.dir, "out.json");
    const result = await cli("ec2", "list", "--region", "us-east-1,ap-east-1,eu-west-1", "-o", "json", "--out", out);

    expect(result.code).toBe(ExitCode.aws);
    const records = JSON.parse(result.stdout) as Array<{ instanceId: string; region: string; account: string }>;
    expect(records.map((r) => [r.region, r.instanceId])).toEqual([
      ["eu-west-1", "i-c"],
      ["us-east-1", "i-a"],
      ["us-east-1", "i-b"],
    ]);
    expect(records.every((r) => r.account === ACCOUNT)).toBe(true);
    expect(result.stderr).toMatch(/regions ap-east-1,eu-west-1,us-east-1/);
    expect(result.stderr).toMatch(
      /^awstriage: ec2\/instances failed in ap-east-1: credentials .*AuthFailure.*opt-in region/m,
    );
    expect(result.stderr).not.toMatch(/\bat \S+:\d+:\d+/);

    const document = JSON.parse(readFileSync(out, "utf8"));
    expect(document.failures).toEqual([
      { region: "ap-east-1", resource: "ec2/instances", reason: expect.stringContaining("AuthFailure") },
    ]);
    expect(document.context.regions).toEqual(["ap-east-1", "eu-west-1", "us-east-1"]);
    expect(document.records).toEqual(records);
    expect(document.sources.map((s: { region: string }) => s.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("exits 3 with the credentials fix when every region rejects the credentials, printing no records", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(sdkError("AuthFailure", 401, { service: EC2ServiceException, message: "no" }));
    const result = await cli("ec2", "list", "--region", "us-east-1,eu-west-1", "-o", "json");
    expect(result.code).toBe(ExitCode.config);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(2);
    expect(result.stderr).toMatch(/failed in every region \(eu-west-1, us-east-1\)/);
    expect(result.stderr).toMatch(/→ .*aws configure --profile unit/);
  });

  describe("ec2 status", () => {
    const statuses: Record<string, unknown[]> = {
      "us-east-1": [
        {
          InstanceId: "i-ok",
          InstanceState: { Name: "running" },
          SystemStatus: { Status: "ok" },
          InstanceStatus: { Status: "ok" },
        },
        {
          InstanceId: "i-stopped",
          InstanceState: { Name: "stopped" },
          SystemStatus: { Status: "not-applicable" },
          InstanceStatus: { Status: "not-applicable" },
        },
        {
          InstanceId: "i-impaired",
          InstanceState: { Name: "running" },
          SystemStatus: { Status: "ok" },
          InstanceStatus: { Status: "impaired" },
        },
      ],
      "eu-west-1": [
        {
          InstanceId: "i-retiring",
          InstanceState: { Name: "running" },
          SystemStatus: { Status: "ok" },
          InstanceStatus: { Status: "ok" },
          Events: [
            {
              Code: "instance-retirement",
              Description: "degraded hardware",
              NotBefore: new Date("2025-03-10T00:00:00Z"),
            },
          ],
        },
      ],
    };

    beforeEach(() => {
      ec2
        .on(DescribeInstanceStatusCommand)
        .callsFake(async (_input, getClient) => ({ InstanceStatuses: statuses[await regionOf(getClient)] ?? [] }));
    });

    it("lists only impaired instances and instances with events, and everything with --all, from one cached call per region", async () => {
      const attention = await cli("ec2", "status", "--region", "us-east-1,eu-west-1", "-o", "json");
      expect(attention.code, attention.stderr).toBe(0);
      expect(JSON.parse(attention.stdout)).toEqual([
        {
          account: ACCOUNT,
          region: "eu-west-1",
          instanceId: "i-retiring",
          state: "running",
          systemStatus: "ok",
          instanceStatus: "ok",
          events: [
            {
              code: "instance-retirement",
              description: "degraded hardware",
              notBefore: "2025-03-10T00:00:00.000Z",
              notAfter: null,
              eventId: null,
              notBeforeDeadline: null,
            },
          ],
          name: null,
          impairedSince: null,
          ebsStatus: null,
        },
        {
          account: ACCOUNT,
          region: "us-east-1",
          instanceId: "i-impaired",
          state: "running",
          systemStatus: "ok",
          instanceStatus: "impaired",
          events: [],
          name: null,
          impairedSince: null,
          ebsStatus: null,
        },
      ]);

      const all = await cli("ec2", "status", "--all", "--region", "us-east-1,eu-west-1", "-o", "json");
      expect(all.code).toBe(0);
      expect((JSON.parse(all.stdout) as Array<{ instanceId: string }>).map((r) => r.instanceId)).toEqual([
        "i-retiring",
        "i-impaired",
        "i-ok",
        "i-stopped",
      ]);
      expect(all.stderr).toMatch(/ec2\/instance-status: cache \d+s old \(2 regions\)/);

      const calls = ec2.commandCalls(DescribeInstanceStatusCommand);
      expect(calls).toHaveLength(2);
      expect(calls.every((c) => c.args[0].input.IncludeAllInstances === true)).toBe(true);
    });

    it("collectInstanceStatus gives triage every instance's record, healthy and stopped ones included, from the same cache", async () => {
      const run = await aws.run({ region: "us-east-1,eu-west-1" });
      const records = await collectInstanceStatus(run);
      expect(records.map((r) => [r.region, r.instanceId])).toEqual([
        ["eu-west-1", "i-retiring"],
        ["us-east-1", "i-impaired"],
        ["us-east-1", "i-ok"],
        ["us-east-1", "i-stopped"],
      ]);
      expect(records[0]?.events[0]?.code).toBe("instance-retirement");
      const later = await cli("ec2", "status", "--region", "us-east-1,eu-west-1", "-o", "json");
      expect(JSON.parse(later.stdout)).toHaveLength(2);
      expect(ec2.commandCalls(DescribeInstanceStatusCommand)).toHaveLength(2);
    });

    it("names each instance from a cached `ec2 list` inventory, without calling DescribeInstances for it", async () => {
      const before = await cli("ec2", "status", "--region", "us-east-1", "-o", "json");
      expect((JSON.parse(before.stdout) as Array<{ name: unknown }>).map((r) => r.name)).toEqual([null]);
      expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);

      ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [{ Instances: [{ InstanceId: "i-impaired", Tags: [{ Key: "Name", Value: "db-primary" }] }] }],
      });
      expect((await cli("ec2", "list", "--region", "us-east-1", "-o", "json")).code).toBe(0);
      expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);

      const after = await cli("ec2", "status", "--all", "--region", "us-east-1", "-o", "json");
      const names = (JSON.parse(after.stdout) as Array<{ instanceId: string; name: unknown }>).map((r) => [
        r.instanceId,
        r.name,
      ]);
      // i-ok and i-stopped are not in the inventory: null, not a guess.
      expect(names).toEqual([
        ["i-impaired", "db-primary"],
        ["i-ok", null],
        ["i-stopped", null],
      ]);
      expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
    });

    it("--raw prints the cached API items, filtered the same way", async () => {
      const raw = await cli("ec2", "status", "--raw", "--region", "us-east-1", "-o", "json");
      expect(
        (JSON.parse(raw.stdout) as Array<{ InstanceId: string; InstanceStatus: unknown }>).map((i) => i.InstanceId),
      ).toEqual(["i-impaired"]);
      const rawAll = await cli("ec2", "status", "--raw", "--all", "--region", "us-east-1", "-o", "json");
      expect(JSON.parse(rawAll.stdout)).toHaveLength(3);
    });

    it("shows status checks and event codes in the table (one region: no region column)", async () => {
      const table = await cli("ec2", "status", "--region", "eu-west-1", "-o", "table");
      const [header, row] = table.stdout.split("\n");
      expect(header).toMatch(/^instanceId\s+state\s+systemStatus\s+instanceStatus\s+events$/);
      const both = await cli("ec2", "status", "--region", "eu-west-1,us-east-1", "-o", "table");
      expect(both.stdout.split("\n")[0]).toMatch(/\s+region$/);
      expect(row).toMatch(/^i-retiring\s+running\s+ok\s+ok\s+instance-retirement \d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    });
  });
});
