/** Seeds the emulator through the SDK, as a real account would have been set up. */
import { EC2Client, RunInstancesCommand, StopInstancesCommand, type _InstanceType } from "@aws-sdk/client-ec2";
import { seedConfig } from "./aws-env.js";

/** An AMI id moto 5 accepts in every region. */
export const TEST_AMI = "ami-12c6146b";

export async function runInstances(
  endpoint: string,
  region: string,
  count: number,
  options: {
    type?: string;
    tags?: Record<string, string>;
    stop?: boolean;
    /** Another identity's keys (moto maps an AssumeRole's temporary key to the role's account). */
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  } = {},
): Promise<string[]> {
  const base = seedConfig(endpoint, region);
  const ec2 = new EC2Client({ ...base, credentials: options.credentials ?? base.credentials });
  const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const response = await ec2.send(
    new RunInstancesCommand({
      ImageId: TEST_AMI,
      MinCount: count,
      MaxCount: count,
      InstanceType: (options.type ?? "t3.micro") as _InstanceType,
      ...(tags.length ? { TagSpecifications: [{ ResourceType: "instance", Tags: tags }] } : {}),
    }),
  );
  const ids = (response.Instances ?? []).map((i) => i.InstanceId as string);
  if (options.stop) await ec2.send(new StopInstancesCommand({ InstanceIds: ids }));
  ec2.destroy();
  return ids;
}
