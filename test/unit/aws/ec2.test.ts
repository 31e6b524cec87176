import { beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeInstanceStatusCommand, DescribeRegionsCommand, EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { AwsClientProvider, type ProviderSettings } from "../../../src/aws/provider.js";
import { describeInstanceStatus, describeRegions } from "../../../src/aws/ec2.js";
import { ExitCode } from "../../../src/errors.js";

const settings: ProviderSettings = { profile: "unit", maxAttempts: 3, connectTimeoutMs: 1000, requestTimeoutMs: 1000, sso: false, homeRegion: "us-east-1" };
const provider = () =>
  new AwsClientProvider(settings, async (_service, config) => new EC2Client({ region: config.region, credentials: { accessKeyId: "unit", secretAccessKey: "unit" } }) as never);

describe("EC2 wrapper: instance status and regions", () => {
  const ec2 = mockClient(EC2Client);
  beforeEach(() => ec2.reset());

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
    const statuses = await describeInstanceStatus(provider(), "eu-west-1", true, (n) => pages.push(n));
    expect(statuses.map((s) => s.InstanceId)).toEqual(["i-1", "i-2", "i-3"]);
    expect(pages).toEqual([2, 3]);
    expect(inputs.map((i) => [i.IncludeAllInstances, i.NextToken])).toEqual([
      [true, undefined],
      [true, "page2"],
    ]);
  });

  it("maps AuthFailure from an opt-in region to a credentials error naming the region (the run decides what it means)", async () => {
    ec2.on(DescribeInstanceStatusCommand).rejects(new EC2ServiceException({ name: "AuthFailure", $fault: "client", $metadata: { httpStatusCode: 401 }, message: "AWS was not able to validate the provided access credentials" }));
    await expect(describeInstanceStatus(provider(), "ap-east-1", true)).rejects.toMatchObject({
      exitCode: ExitCode.config,
      message: expect.stringMatching(/AuthFailure from ec2 DescribeInstanceStatus in ap-east-1/),
    });
  });

  it("asks DescribeRegions for the enabled regions only", async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: "us-east-1", OptInStatus: "opt-in-not-required" }] });
    expect(await describeRegions(provider(), "us-east-1")).toEqual([{ RegionName: "us-east-1", OptInStatus: "opt-in-not-required" }]);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input).toEqual({ AllRegions: false });
  });
});
