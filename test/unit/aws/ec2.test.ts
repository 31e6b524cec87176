import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  EC2ServiceException,
} from "@aws-sdk/client-ec2";
import { AwsClientProvider, type ProviderSettings } from "../../../src/aws/provider.js";
import { describeInstanceStatus, describeInstances, describeRegions } from "../../../src/aws/ec2.js";
import { AwsApiError, ConfigError, ExitCode } from "../../../src/errors/errors.js";
import { sdkError } from "../../helpers/sdk-error.js";

const settings: ProviderSettings = {
  profile: "dev",
  maxAttempts: 1,
  connectTimeoutMs: 1000,
  requestTimeoutMs: 1000,
  sso: false,
  homeRegion: "us-east-1",
};

describe("ec2 wrapper", () => {
  const ec2 = mockClient(EC2Client);
  let provider: AwsClientProvider;

  beforeEach(() => {
    ec2.reset();
    // Static credentials so the SDK's credential chain never looks at the machine.
    provider = new AwsClientProvider(
      settings,
      async (_service, config) =>
        new EC2Client({ ...config, credentials: { accessKeyId: "a", secretAccessKey: "b" } }) as never,
    );
  });
  afterEach(() => ec2.reset());

  it("pages DescribeInstances to the end and flattens every reservation", async () => {
    const responses = [
      { Reservations: [{ Instances: [{ InstanceId: "i-1" }, { InstanceId: "i-2" }] }], NextToken: "t1" },
      {
        Reservations: [{ Instances: [{ InstanceId: "i-3" }] }, { Instances: [{ InstanceId: "i-4" }] }],
        NextToken: "t2",
      },
      { Reservations: [] },
    ];
    // The paginator reuses one input object, so record the token each call really sent.
    const tokens: Array<string | undefined> = [];
    ec2.on(DescribeInstancesCommand).callsFake((input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      return responses[tokens.length - 1];
    });
    const pages: number[] = [];
    const instances = await describeInstances(provider, "eu-west-1", (n) => pages.push(n));
    expect(instances.map((i) => i.InstanceId)).toEqual(["i-1", "i-2", "i-3", "i-4"]);
    expect(tokens).toEqual([undefined, "t1", "t2"]);
    expect(pages).toEqual([2, 4, 4]);
  });

  it("maps UnauthorizedOperation to an access-denied AWS error naming the region (exit 4)", async () => {
    ec2.on(DescribeInstancesCommand).rejects(sdkError("UnauthorizedOperation", 403, "You are not authorized"));
    const error = await describeInstances(provider, "eu-west-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsApiError);
    expect(error).toMatchObject({ kind: "access-denied", region: "eu-west-1", exitCode: 4 });
    expect((error as Error).message).toContain("DescribeInstances in eu-west-1");
  });

  it("maps an expired token to a configuration error with the fix (exit 3)", async () => {
    ec2
      .on(DescribeRegionsCommand)
      .rejects(sdkError("ExpiredToken", 400, "The security token included in the request is expired"));
    const error = await describeRegions(provider, "us-east-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(3);
    expect((error as ConfigError).suggestion).toContain("--profile dev");
  });

  it("pages DescribeInstanceStatus to the end with IncludeAllInstances as asked, reporting progress per page", async () => {
    // The paginator reuses one input object, so copies are kept as each page is asked for.
    const inputs: Array<Record<string, unknown>> = [];
    ec2.on(DescribeInstanceStatusCommand).callsFake(async (input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return input.NextToken === undefined
        ? { InstanceStatuses: [{ InstanceId: "i-1" }, { InstanceId: "i-2" }], NextToken: "page2" }
        : { InstanceStatuses: [{ InstanceId: "i-3" }] };
    });
    const pages: number[] = [];
    const statuses = await describeInstanceStatus(provider, "eu-west-1", true, (n) => pages.push(n));
    expect(statuses.map((s) => s.InstanceId)).toEqual(["i-1", "i-2", "i-3"]);
    expect(pages).toEqual([2, 3]);
    expect(inputs.map((i) => [i.IncludeAllInstances, i.NextToken])).toEqual([
      [true, undefined],
      [true, "page2"],
    ]);
  });

  it("maps AuthFailure from an opt-in region to a credentials error naming the region (the run decides what it means)", async () => {
    ec2.on(DescribeInstanceStatusCommand).rejects(
      sdkError("AuthFailure", 401, {
        service: EC2ServiceException,
        message: "AWS was not able to validate the provided access credentials",
      }),
    );
    await expect(describeInstanceStatus(provider, "ap-east-1", true)).rejects.toMatchObject({
      exitCode: ExitCode.config,
      message: expect.stringMatching(/AuthFailure from ec2 DescribeInstanceStatus in ap-east-1/),
    });
  });

  it("asks DescribeRegions for the enabled regions only", async () => {
    ec2
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: "us-east-1", OptInStatus: "opt-in-not-required" }] });
    expect(await describeRegions(provider, "us-east-1")).toEqual([
      { RegionName: "us-east-1", OptInStatus: "opt-in-not-required" },
    ]);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input).toEqual({ AllRegions: false });
  });
});
