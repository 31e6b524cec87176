import { beforeEach, describe, expect, it } from "vitest";
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2ServiceException } from "@aws-sdk/client-ec2";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwstriageError, ExitCode } from "../../../src/errors/errors.js";
import { UnusableFile } from "../../../src/cache/envelope-file.js";
import { enabledRegionName } from "../../../src/run/context.js";
import { instancesSpec } from "../../../src/sources/ec2.js";
import { mockedAws, UNIT_ACCOUNT as ACCOUNT, unitRun } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";
const ROLE = "arn:aws:iam::210987654321:role/triage";

/** An EC2 error as the SDK raises it (classified by name and status, never by message). */
const ec2Error = (name: string, status: number) => sdkError(name, status, { service: EC2ServiceException });

const instance = (id: string) => ({ InstanceId: id, State: { Name: "running" as const } });

describe("Invocation across several regions", () => {
  const aws = mockedAws();
  const { ec2 } = aws;

  /** Answers DescribeInstances per region: a list of instance ids, or an error to throw. */
  function instancesByRegion(answers: Record<string, string[] | Error>, delayMs: Record<string, number> = {}) {
    ec2.on(DescribeInstancesCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      await new Promise((r) => setTimeout(r, delayMs[region] ?? 0));
      const answer = answers[region];
      if (answer === undefined) throw new Error(`test did not expect region ${region}`);
      if (answer instanceof Error) throw answer;
      return { Reservations: [{ Instances: answer.map(instance) }] };
    });
  }

  it("overlaps the regions but never has more than --concurrency DescribeInstances calls in flight", async () => {
    const regions = ["ap-south-1", "eu-west-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"];
    let inFlight = 0;
    let maxInFlight = 0;
    ec2.on(DescribeInstancesCommand).callsFake(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return { Reservations: [] };
    });
    const run = await aws.run({ region: regions.join(","), concurrency: "2" });
    const results = await run.fetchAllRegions(instancesSpec);
    expect(results.map((r) => r.region)).toEqual(regions);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(regions.length);
    expect(maxInFlight).toBe(2);
  });

  it("merges in sorted region order whatever order the regions were typed in or finished in", async () => {
    instancesByRegion(
      { "us-west-2": ["i-w"], "eu-west-1": ["i-e"], "ap-southeast-2": ["i-a"] },
      { "ap-southeast-2": 30, "eu-west-1": 15 },
    );
    const run = await aws.run({ region: "us-west-2,eu-west-1,ap-southeast-2" });
    expect(await run.regions()).toEqual(["ap-southeast-2", "eu-west-1", "us-west-2"]);
    const results = await run.fetchAllRegions(instancesSpec);
    expect(results.map((r) => [r.region, r.items.map((i) => i.InstanceId)])).toEqual([
      ["ap-southeast-2", ["i-a"]],
      ["eu-west-1", ["i-e"]],
      ["us-west-2", ["i-w"]],
    ]);
    expect(results.every((r) => r.account === ACCOUNT)).toBe(true);
  });

  it("keeps the good regions' results and records the failed region with its reason (exit 4)", async () => {
    instancesByRegion({
      "us-east-1": ["i-1", "i-2"],
      "eu-west-1": ec2Error("UnauthorizedOperation", 403),
      "us-west-2": ["i-3"],
    });
    const run = await aws.run({ region: "us-east-1,eu-west-1,us-west-2" });
    const results = await run.fetchAllRegions(instancesSpec);
    expect(results.map((r) => r.region)).toEqual(["us-east-1", "us-west-2"]);
    expect(results.flatMap((r) => r.items.map((i) => i.InstanceId))).toEqual(["i-1", "i-2", "i-3"]);
    expect(run.failures).toEqual([
      {
        region: "eu-west-1",
        resource: "ec2/instances",
        reason: expect.stringMatching(/access denied: ec2 DescribeInstances in eu-west-1/),
        exitCode: ExitCode.aws,
      },
    ]);
    expect(run.exitCode()).toBe(ExitCode.aws);
  });

  it("counts AuthFailure in some regions as those regions' failure (exit 4), not as bad credentials", async () => {
    instancesByRegion({
      "us-east-1": ["i-1"],
      "ap-east-1": ec2Error("AuthFailure", 401),
      "me-south-1": ec2Error("UnrecognizedClientException", 400),
    });
    const run = await aws.run({ region: "us-east-1,ap-east-1,me-south-1" });
    const results = await run.fetchAllRegions(instancesSpec);
    expect(results.map((r) => r.region)).toEqual(["us-east-1"]);
    expect(run.failures.map((f) => [f.region, f.exitCode])).toEqual([
      ["ap-east-1", ExitCode.aws],
      ["me-south-1", ExitCode.aws],
    ]);
    expect(run.failures[0]?.reason).toMatch(/AuthFailure.*ap-east-1 is probably an opt-in region not enabled/);
    expect(run.exitCode()).toBe(ExitCode.aws);
  });

  it("treats a credentials error in every region as a credentials problem (exit 3) naming the regions", async () => {
    instancesByRegion({ "us-east-1": ec2Error("AuthFailure", 401), "eu-west-1": ec2Error("AuthFailure", 401) });
    const run = await aws.run({ region: "us-east-1,eu-west-1" });
    const error = await run.fetchAllRegions(instancesSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwstriageError);
    expect((error as AwstriageError).exitCode).toBe(ExitCode.config);
    expect((error as AwstriageError).message).toMatch(
      /ec2\/instances failed in every region \(eu-west-1, us-east-1\); credentials for profile "unit" are invalid/,
    );
    expect((error as AwstriageError).suggestion).toMatch(/aws configure --profile unit/);
    expect(run.failures).toEqual([]);
  });

  it("ends with the AWS failure (exit 4) when every region fails and not all for credentials", async () => {
    instancesByRegion({
      "us-east-1": ec2Error("AuthFailure", 401),
      "eu-west-1": ec2Error("RequestLimitExceeded", 503),
    });
    const run = await aws.run({ region: "us-east-1,eu-west-1" });
    const error = (await run.fetchAllRegions(instancesSpec).catch((e: unknown) => e)) as AwstriageError;
    expect(error.exitCode).toBe(ExitCode.aws);
    expect(error.message).toMatch(
      /throttled by AWS: ec2 DescribeInstances in eu-west-1.*\(and: us-east-1: credentials/,
    );
  });

  it("names a reason shared by every failed region once", async () => {
    const run = await aws.run({ region: "us-east-1,eu-west-1,ap-south-1" });
    const denied = () =>
      Promise.reject(
        new AwstriageError(
          "access denied: sts AssumeRole in us-east-1 (AccessDenied)",
          ExitCode.aws,
          "check the role's trust policy",
        ),
      );
    const error = (await run.perRegion("ec2/instances", denied).catch((e: unknown) => e)) as AwstriageError;
    expect(error.message).toBe(
      "ec2/instances failed in every region (ap-south-1, eu-west-1, us-east-1); access denied: sts AssumeRole in us-east-1 (AccessDenied)",
    );
    expect([error.exitCode, error.suggestion]).toEqual([ExitCode.aws, "check the role's trust policy"]);
  });

  it("keeps the original error when the only region fails", async () => {
    instancesByRegion({ "eu-west-1": ec2Error("UnauthorizedOperation", 403) });
    const run = await aws.run({ region: "eu-west-1" });
    await expect(run.fetchAllRegions(instancesSpec)).rejects.toMatchObject({
      name: "AwsApiError",
      kind: "access-denied",
      exitCode: ExitCode.aws,
    });
  });

  it("rethrows a bug in one region instead of recording it as a region failure", async () => {
    instancesByRegion({ "us-east-1": ["i-1"], "eu-west-1": ["i-2"] });
    const run = await aws.run({ region: "us-east-1,eu-west-1" });
    const work = (region: string) =>
      region === "eu-west-1" ? Promise.reject(new TypeError("a bug")) : run.cachedResource(instancesSpec, region);
    await expect(run.perRegion("ec2/instances", work)).rejects.toThrow(TypeError);
    expect(run.failures).toEqual([]);
  });

  it("--region all asks DescribeRegions once in the home region, drops not-opted-in regions and caches the list", async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: "us-west-2", OptInStatus: "opt-in-not-required" },
        { RegionName: "ap-east-1", OptInStatus: "not-opted-in" },
        { RegionName: "af-south-1", OptInStatus: "opted-in" },
        { RegionName: "eu-west-1", OptInStatus: "opt-in-not-required" },
      ],
    });
    instancesByRegion({ "af-south-1": ["i-af"], "eu-west-1": [], "us-west-2": ["i-w"] });
    const run = await aws.run({ region: "all" });
    const results = await run.fetchAllRegions(instancesSpec);
    expect(await run.regions()).toEqual(["af-south-1", "eu-west-1", "us-west-2"]);
    expect(results.map((r) => r.region)).toEqual(["af-south-1", "eu-west-1", "us-west-2"]);
    expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(1);
    expect(await ec2.commandCalls(DescribeRegionsCommand)[0]?.thisValue.config.region()).toBe("us-east-1");
    expect(run.sources.filter((s) => s.resource === "regions")).toHaveLength(1);

    const later = await aws.run({ region: "all" });
    expect(await later.regions()).toEqual(["af-south-1", "eu-west-1", "us-west-2"]);
    expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(1);
  });

  it("treats a cached region list naming a region no AWS answer could hold as unusable: warn and refetch, exit 5 offline", async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [{ RegionName: "eu-west-1", OptInStatus: "opt-in-not-required" }],
    });
    const first = await aws.run({ region: "all" });
    expect(await first.regions()).toEqual(["eu-west-1"]);
    const path = first.sources.find((s) => s.resource === "regions")?.path as string;
    for (const damaged of ['"../../etc"', "42"]) {
      writeFileSync(path, readFileSync(path, "utf8").replace(/"RegionName":("[^"]*"|\d+)/, `"RegionName":${damaged}`));
      const offline = await aws.run({ region: "all", offline: true });
      await expect(offline.regions()).rejects.toMatchObject({ exitCode: ExitCode.offlineMiss });
    }
    const online = await unitRun({ region: "all" }, aws.sandbox);
    expect(await online.run.regions()).toEqual(["eu-west-1"]);
    expect(online.logs()).toMatch(/ignoring unusable cache file: .*fetching again/);
    expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(2);
  });

  it("--offline over regions of which only some are cached gives those and names the others (exit 5)", async () => {
    instancesByRegion({ "us-east-1": ["i-1"] });
    await (await aws.run({ region: "us-east-1" })).fetchAllRegions(instancesSpec);
    const offline = await aws.run({ region: "us-east-1,eu-west-1", offline: true });
    const results = await offline.fetchAllRegions(instancesSpec);
    expect(results.map((r) => [r.region, r.source.fromCache])).toEqual([["us-east-1", true]]);
    expect(offline.failures).toEqual([
      {
        region: "eu-west-1",
        resource: "ec2/instances",
        reason: expect.stringMatching(/--offline: no cached ec2\/instances/),
        exitCode: ExitCode.offlineMiss,
      },
    ]);
    expect(offline.exitCode()).toBe(ExitCode.offlineMiss);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });

  it("reuses per-region cache files in a later single-region run", async () => {
    instancesByRegion({ "us-east-1": ["i-1"], "eu-west-1": ["i-2"] });
    await (await aws.run({ region: "us-east-1,eu-west-1" })).fetchAllRegions(instancesSpec);
    const single = await aws.run({ region: "eu-west-1" });
    const [result] = await single.fetchAllRegions(instancesSpec);
    expect(result?.source.fromCache).toBe(true);
    expect(result?.items.map((i) => i.InstanceId)).toEqual(["i-2"]);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
  });
});

describe("cache identity with and without a role", () => {
  const aws = mockedAws();
  const { ec2 } = aws;
  beforeEach(() => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance("i-1")] }] });
  });

  it("keeps the profile's cache and the role's cache apart, both ways", async () => {
    const plain = await aws.run();
    const assumed = await aws.run({ roleArn: ROLE });
    expect(plain.session.identityKey).toBe("unit");
    expect(assumed.session.identityKey).not.toBe(plain.session.identityKey);
    expect(assumed.session.identityKey).toContain("210987654321-triage");

    const [fromProfile] = await plain.fetchAllRegions(instancesSpec);
    expect(fromProfile?.source.path).toContain("/ec2/unit/us-east-1/");
    // A role run must not read what the profile cached...
    const [fromRole] = await assumed.fetchAllRegions(instancesSpec);
    expect(fromRole?.source.fromCache).toBe(false);
    expect(fromRole?.source.path).not.toBe(fromProfile?.source.path);
    expect(existsSync(fromRole?.source.path as string)).toBe(true);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
    // ...and each identity then reads only its own entry.
    const [again] = await (await aws.run({ roleArn: ROLE })).fetchAllRegions(instancesSpec);
    const [plainAgain] = await (await aws.run()).fetchAllRegions(instancesSpec);
    expect([again?.source.path, again?.source.fromCache]).toEqual([fromRole?.source.path, true]);
    expect([plainAgain?.source.path, plainAgain?.source.fromCache]).toEqual([fromProfile?.source.path, true]);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
  });

  it("--offline with --role-arn and no region anywhere finds the region the role's cache holds", async () => {
    await (await aws.run({ roleArn: ROLE, region: "eu-west-1" })).fetchAllRegions(instancesSpec);
    await (await aws.run({ region: "ap-south-1" })).fetchAllRegions(instancesSpec);
    const bare = { ...aws.sandbox, env: { ...aws.sandbox.env, AWS_CONFIG_FILE: join(aws.sandbox.dir, "missing") } };
    const offline = await aws.run({ roleArn: ROLE, offline: true }, bare);
    expect(await offline.regions()).toEqual(["eu-west-1"]);
    const [result] = await offline.fetchAllRegions(instancesSpec);
    expect(result?.source.fromCache).toBe(true);
  });

  it("--offline with --role-arn reads the role's cache, not the profile's", async () => {
    await (await aws.run()).fetchAllRegions(instancesSpec);
    const offline = await aws.run({ roleArn: ROLE, offline: true });
    await expect(offline.fetchAllRegions(instancesSpec)).rejects.toMatchObject({ exitCode: ExitCode.offlineMiss });
  });
});

describe("enabledRegionName", () => {
  it("keeps the names of enabled regions and drops not-opted-in ones", () => {
    const items = [
      { RegionName: "us-east-1", OptInStatus: "opt-in-not-required" },
      { RegionName: "ap-east-1", OptInStatus: "not-opted-in" },
      { RegionName: "af-south-1", OptInStatus: "opted-in" },
      { RegionName: "ca-central-1" },
    ];
    expect(items.map(enabledRegionName)).toEqual(["us-east-1", undefined, "af-south-1", "ca-central-1"]);
  });

  it("refuses an item no AWS answer could hold (the entry is then unusable)", () => {
    for (const item of [{ OptInStatus: "opted-in" }, { RegionName: "../x" }, { RegionName: 7 }, null, "us-east-1"]) {
      expect(() => enabledRegionName(item)).toThrow(UnusableFile);
    }
  });
});
