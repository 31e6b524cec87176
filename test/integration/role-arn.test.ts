/**
 * `--role-arn` against moto_server over HTTP. Moto maps the temporary access key of an
 * AssumeRole into another account to that account, so the role's account is seeded with
 * those credentials and holds its own inventory, apart from the caller's.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { seedConfig, TEST_ACCOUNT } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInstances, TEST_AMI } from "../helpers/seed.js";

const moto = await startMoto();

const ROLE_ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ROLE_ACCOUNT}:role/triage`;
const REGIONS = ["eu-west-1", "us-east-1"];

type Instance = { instanceId: string; region: string; account: string };

/** Launches instances in the role's account, with credentials from AssumeRole. */
async function runInstancesAsRole(endpoint: string, region: string, count: number): Promise<string[]> {
  const sts = new STSClient(seedConfig(endpoint));
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "seed" }));
  const ec2 = new EC2Client({
    ...seedConfig(endpoint, region),
    credentials: {
      accessKeyId: c?.AccessKeyId as string,
      secretAccessKey: c?.SecretAccessKey as string,
      sessionToken: c?.SessionToken as string,
    },
  });
  const response = await ec2.send(
    new RunInstancesCommand({ ImageId: TEST_AMI, MinCount: count, MaxCount: count, InstanceType: "t3.nano" }),
  );
  sts.destroy();
  ec2.destroy();
  return (response.Instances ?? []).map((i) => i.InstanceId as string);
}

describe.skipIf(moto === undefined)("--role-arn against moto_server", () => {
  let callerIds: string[];
  let roleIds: Record<string, string[]>;
  const h = motoSuite(moto, async (endpoint) => {
    callerIds = [...(await runInstances(endpoint, "us-east-1", 2)), ...(await runInstances(endpoint, "eu-west-1", 1))];
    roleIds = {
      "us-east-1": await runInstancesAsRole(endpoint, "us-east-1", 1),
      "eu-west-1": await runInstancesAsRole(endpoint, "eu-west-1", 2),
    };
  });

  const listAsRole = (...extra: string[]) =>
    runCli(["ec2", "list", "--region", REGIONS.join(","), "--role-arn", ROLE, ...extra], h.sandbox.env);
  const listAsCaller = (...extra: string[]) =>
    runCli(["ec2", "list", "--region", REGIONS.join(","), ...extra], h.sandbox.env);
  const identityFolders = () => readdirSync(join(h.sandbox.cacheDir, "ec2")).sort();

  it("sees the other account's inventory, with one AssumeRole for the whole run and the assumed identity as context", async () => {
    const result = await listAsRole();
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<Instance>(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual(Object.values(roleIds).flat().sort());
    expect(records.every((r) => r.account === ROLE_ACCOUNT)).toBe(true);
    for (const region of REGIONS)
      expect(
        records
          .filter((r) => r.region === region)
          .map((r) => r.instanceId)
          .sort(),
      ).toEqual([...(roleIds[region] ?? [])].sort());
    // Two regions' EC2 clients and the STS identity call share one set of temporary credentials.
    expect(h.proxy.count("AssumeRole")).toBe(1);
    expect(h.proxy.count("DescribeInstances")).toBe(2);
    // The assumed identity is AssumeRole's own answer: no GetCallerIdentity of its own.
    expect(h.proxy.count("GetCallerIdentity")).toBe(0);
    const session = `awstriage-${userInfo().username}`;
    expect(result.stderr).toContain(
      `account ${ROLE_ACCOUNT} | regions eu-west-1,us-east-1 | profile moto | role ${ROLE} | arn:aws:sts::${ROLE_ACCOUNT}:assumed-role/triage/${session}`,
    );
  });

  it("keeps the role's cache and the caller's cache apart, both ways", async () => {
    expect((await listAsRole()).code).toBe(0);
    const [roleFolder, ...rest] = identityFolders();
    expect(rest).toEqual([]);
    expect(roleFolder).not.toBe("moto");
    expect(roleFolder).toContain(`${ROLE_ACCOUNT}-triage`);

    // The caller never reads the role's data...
    const caller = await listAsCaller();
    expect(caller.code, caller.stderr).toBe(0);
    expect(
      jsonOut<Instance>(caller)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...callerIds].sort());
    expect(jsonOut<Instance>(caller).every((r) => r.account === TEST_ACCOUNT)).toBe(true);
    expect(h.proxy.count("DescribeInstances")).toBe(4);
    expect(identityFolders()).toEqual(["moto", roleFolder].sort());

    // ...and once both are cached, each run reads its own entries with no AWS call at all.
    const before = h.proxy.count();
    const roleAgain = await listAsRole();
    const callerAgain = await listAsCaller();
    expect(h.proxy.count()).toBe(before);
    expect(jsonOut<Instance>(roleAgain).every((r) => r.account === ROLE_ACCOUNT)).toBe(true);
    expect(jsonOut<Instance>(callerAgain).every((r) => r.account === TEST_ACCOUNT)).toBe(true);
    expect(roleAgain.stderr).toMatch(
      new RegExp(`account ${ROLE_ACCOUNT} .*assumed-role/triage/.*ec2/instances: cache \\d+s old \\(2 regions\\)`),
    );
  });

  it("assumes the role once again on --force, and --offline --role-arn reads the role's cache", async () => {
    expect((await listAsRole()).code).toBe(0);
    h.proxy.reset();
    expect((await listAsRole("--force")).code).toBe(0);
    expect(h.proxy.count("AssumeRole")).toBe(1);
    expect(h.proxy.count("DescribeInstances")).toBe(2);

    const before = h.proxy.count();
    const offline = await listAsRole("--offline");
    expect(offline.code, offline.stderr).toBe(0);
    expect(jsonOut<Instance>(offline).every((r) => r.account === ROLE_ACCOUNT)).toBe(true);
    expect(h.proxy.count()).toBe(before);
    const callerOffline = await listAsCaller("--offline");
    expect(callerOffline.code).toBe(5);
    expect(existsSync(join(h.sandbox.cacheDir, "ec2", "moto"))).toBe(false);
  });

  it("whoami --role-arn names the assumed identity", async () => {
    const result = await runCli(["whoami", "--role-arn", ROLE], h.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)[0]).toMatchObject({
      account: ROLE_ACCOUNT,
      arn: expect.stringMatching(/^arn:aws:sts::210987654321:assumed-role\/triage\/awstriage-/),
    });
    expect(h.proxy.count("AssumeRole")).toBe(1);
  });
});
