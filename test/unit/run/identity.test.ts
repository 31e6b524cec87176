import { describe, expect, it } from "vitest";
import { DescribeInstancesCommand, DescribeInstanceStatusCommand } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { readEnvelope } from "../../../src/cache/store.js";
import { ExitCode } from "../../../src/errors/errors.js";
import { instancesSpec, instanceStatusSpec } from "../../../src/sources/ec2.js";
import { mockedAws, unitRun, UNIT_ACCOUNT } from "../../helpers/unit.js";

const OTHER = "999988887777";
async function envelopeAccount(path: string): Promise<string | null | undefined> {
  const outcome = await readEnvelope(path);
  return outcome.kind === "hit" ? outcome.envelope.account : undefined;
}

describe("which account a run's data is labelled with", () => {
  const aws = mockedAws();
  const { ec2, sts } = aws;
  const answerEc2 = () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: "i-1" }] }] });
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [] });
  };
  /** From now on the profile's credentials belong to another account (a swapped key, a re-run `aws configure sso`). */
  const credentialsNowBelongTo = (account: string) =>
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/unit`, UserId: "X" });

  it("labels data fetched now with a fresh identity, not the one cached minutes ago", async () => {
    answerEc2();
    await (await aws.run()).fetchAllRegions(instancesSpec); // caches the identity (UNIT_ACCOUNT)
    credentialsNowBelongTo(OTHER);
    const run = await aws.run();
    const [result] = await run.fetchAllRegions(instanceStatusSpec); // not cached yet: fetched now
    expect(result?.source.fromCache).toBe(false);
    expect(result?.account).toBe(OTHER);
    expect(await envelopeAccount(result?.source.path as string)).toBe(OTHER);
    expect((await run.identity()).account).toBe(OTHER);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it("labels a fetched region with the fresh identity even when another region was a cache hit first", async () => {
    answerEc2();
    await (await aws.run({ region: "eu-west-1" })).fetchAllRegions(instancesSpec);
    credentialsNowBelongTo(OTHER);
    const run = await aws.run({ region: "eu-west-1,us-east-1", concurrency: "1" });
    const results = await run.fetchAllRegions(instancesSpec);
    expect(results.map((r) => [r.region, r.source.fromCache])).toEqual([
      ["eu-west-1", true],
      ["us-east-1", false],
    ]);
    expect(results[1]?.account).toBe(OTHER);
    expect(await envelopeAccount(results[1]?.source.path as string)).toBe(OTHER);
    expect((await run.identity()).account).toBe(OTHER);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(2);
  });

  it("refetches, with a warning, a cache entry that names another account than the run's cached identity", async () => {
    answerEc2();
    await (await aws.run()).fetchAllRegions(instancesSpec); // ec2/instances for UNIT_ACCOUNT
    credentialsNowBelongTo(OTHER);
    await (await aws.run()).fetchAllRegions(instanceStatusSpec); // caches the identity OTHER
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);

    const warm = await unitRun({}, aws.sandbox);
    const [result] = await warm.run.fetchAllRegions(instancesSpec);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
    expect([result?.account, result?.source.fromCache]).toEqual([OTHER, false]);
    expect(warm.logs().replaceAll("\\", "")).toMatch(
      new RegExp(`holds data of account ${UNIT_ACCOUNT}, but profile "unit" is account ${OTHER}; fetching again`),
    );
  });

  it("adds no STS call to a warm run whose entries name the cached identity's account", async () => {
    answerEc2();
    await (await aws.run()).fetchAllRegions(instancesSpec);
    const calls = sts.commandCalls(GetCallerIdentityCommand).length;
    const warm = await aws.run();
    const [result] = await warm.fetchAllRegions(instancesSpec);
    expect(result?.source.fromCache).toBe(true);
    expect((await warm.identity()).account).toBe(UNIT_ACCOUNT);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(calls);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });

  it("--offline does not serve another account's entry as this account's data (exit 5)", async () => {
    answerEc2();
    await (await aws.run()).fetchAllRegions(instancesSpec);
    credentialsNowBelongTo(OTHER);
    await (await aws.run()).fetchAllRegions(instanceStatusSpec);
    const offline = await aws.run({ offline: true });
    await expect(offline.fetchAllRegions(instancesSpec)).rejects.toMatchObject({
      exitCode: ExitCode.offlineMiss,
      code: "OfflineForeignEntry",
      message: expect.stringMatching(/holds data of account 123456789012, but profile "unit" is account 999988887777/),
      suggestion: "run the command once online to fetch this account's data",
    });
  });
});
