/**
 * One sweep over four profiles, with `AWS_PROFILE=alpha` exported, against two moto servers
 * (each behind a counting proxy): every account's calls go where its own profile says —
 * endpoint_url, a `[services]` section naming EC2's endpoint apart, region, a
 * role_arn/source_profile chain whose AssumeRole the SDK makes itself — and never where the
 * exported profile's do. The sweep runs in this process (test/helpers/in-process.ts), which
 * also fails if the run changed process.env.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startMoto, type Moto } from "../helpers/moto.js";
import { startProxy, type FaultProxy } from "../helpers/proxy.js";
import { createSandbox, seedConfig, TEST_ACCOUNT, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { TEST_AMI } from "../helpers/seed.js";

const motoA = await startMoto();
const motoB = motoA === undefined ? undefined : await startMoto();

const ROLE_ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ROLE_ACCOUNT}:role/triage`;
const KEY = { alpha: "AKIAALPHAAAAAAAAAAAA", beta: "AKIABETABBBBBBBBBBBB", delta: "AKIADELTADDDDDDDDDDD" };

async function runInstances(endpoint: string, region: string, count: number, roleArn?: string): Promise<string[]> {
  let config = seedConfig(endpoint, region);
  if (roleArn !== undefined) {
    const sts = new STSClient(config);
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "seed" }));
    sts.destroy();
    config = {
      ...config,
      credentials: {
        accessKeyId: c?.AccessKeyId as string,
        secretAccessKey: c?.SecretAccessKey as string,
        sessionToken: c?.SessionToken as string,
      } as typeof config.credentials,
    };
  }
  const ec2 = new EC2Client(config);
  const answer = await ec2.send(
    new RunInstancesCommand({ ImageId: TEST_AMI, MinCount: count, MaxCount: count, InstanceType: "t3.nano" }),
  );
  ec2.destroy();
  return (answer.Instances ?? []).map((i) => i.InstanceId as string).sort();
}

const configText = (a: string, b: string) => `[profile alpha]
region = eu-west-1
endpoint_url = ${a}
defaults_mode = standard
aws_access_key_id = ${KEY.alpha}
aws_secret_access_key = testing

[profile beta]
region = us-east-1
endpoint_url = ${b}
aws_access_key_id = ${KEY.beta}
aws_secret_access_key = testing

[profile gamma]
region = us-west-2
endpoint_url = ${b}
role_arn = ${ROLE}
source_profile = beta

[profile delta]
region = us-east-1
endpoint_url = ${b}
services = split-ec2
aws_access_key_id = ${KEY.delta}
aws_secret_access_key = testing

[services split-ec2]
ec2 =
  endpoint_url = ${a}
`;

describe.skipIf(motoB === undefined)("a sweep over profiles with different endpoints, regions and role chains", () => {
  let a: FaultProxy;
  let b: FaultProxy;
  let sandbox: AwsSandbox;
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    const [ma, mb] = [motoA as Moto, motoB as Moto];
    a = await startProxy(ma.endpoint);
    b = await startProxy(mb.endpoint);
    ids.alpha = await runInstances(ma.endpoint, "eu-west-1", 2);
    ids.delta = await runInstances(ma.endpoint, "us-east-1", 1);
    ids.beta = await runInstances(mb.endpoint, "us-east-1", 1);
    ids.gamma = await runInstances(mb.endpoint, "us-west-2", 3, ROLE);
    sandbox = createSandbox([{ name: "alpha" }]);
    writeFileSync(sandbox.configFile, configText(a.endpoint, b.endpoint));
    expect(sandbox.env.AWS_PROFILE).toBe("alpha");
  });
  afterAll(async () => {
    sandbox?.cleanup();
    await Promise.all([a?.close(), b?.close(), motoA?.stop(), motoB?.stop()]);
  });

  it("gives each account its own endpoint, region and credentials, and leaves process.env as it was", async () => {
    const result = await runInProcess(["ec2", "list", "--profiles", "alpha,beta,gamma,delta"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<{ instanceId: string; account: string; region: string }>(result);
    const where = (list: string[]) =>
      records.filter((r) => list.includes(r.instanceId)).map((r) => `${r.account}/${r.region}`);
    expect(where(ids.alpha as string[])).toEqual([`${TEST_ACCOUNT}/eu-west-1`, `${TEST_ACCOUNT}/eu-west-1`]);
    expect(where(ids.beta as string[])).toEqual([`${TEST_ACCOUNT}/us-east-1`]);
    expect(where(ids.delta as string[])).toEqual([`${TEST_ACCOUNT}/us-east-1`]);
    expect(where(ids.gamma as string[])).toEqual(Array(3).fill(`${ROLE_ACCOUNT}/us-west-2`));
    expect(records).toHaveLength(7);
    expect(result.stderr).toContain("4 accounts × 3 regions (eu-west-1,us-east-1,us-west-2)");

    const calls = (proxy: FaultProxy, action: string) =>
      proxy.calls
        .filter((c) => c.action === action)
        .map((c) => `${c.accessKeyId}@${c.region}`)
        .sort();
    // Server A: alpha's calls, and delta's EC2 (its [services] section); nothing of beta's.
    expect(calls(a, "DescribeInstances")).toEqual([`${KEY.alpha}@eu-west-1`, `${KEY.delta}@us-east-1`]);
    expect(calls(a, "GetCallerIdentity")).toEqual([`${KEY.alpha}@eu-west-1`]);
    expect(a.count("AssumeRole")).toBe(0);
    // Server B: beta's, gamma's (the role assumed with beta's keys at gamma's endpoint), delta's STS.
    expect(calls(b, "AssumeRole")).toEqual([`${KEY.beta}@us-west-2`]);
    const onB = calls(b, "DescribeInstances");
    expect(onB).toHaveLength(2);
    expect(onB).toContain(`${KEY.beta}@us-east-1`);
    expect(onB.filter((c) => c.endsWith("@us-west-2"))).toHaveLength(1);
    expect(calls(b, "GetCallerIdentity").filter((c) => !c.includes("@us-west-2"))).toEqual([
      `${KEY.beta}@us-east-1`,
      `${KEY.delta}@us-east-1`,
    ]);
    expect(b.calls.some((c) => c.accessKeyId === KEY.alpha)).toBe(false);
  });
});
