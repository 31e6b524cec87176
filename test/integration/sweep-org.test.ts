/**
 * `--accounts org` against moto_server: an organization of three accounts (the management
 * one and two created), listed with Organizations ListAccounts and each reached by the role
 * `--org-role` names. Moto answers AssumeRole into any account, with that account's identity.
 */
import { describe, expect, it } from "vitest";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { seedConfig, TEST_ACCOUNT } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { TEST_AMI } from "../helpers/seed.js";

const moto = await startMoto();
const ROLE = "OrganizationAccountAccessRole";

type Rec = { account: string; accountLabel: string | null; instanceId: string };

async function createAccount(org: OrganizationsClient, name: string): Promise<string> {
  const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  const status = await org.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
  );
  return status.CreateAccountStatus?.AccountId as string;
}

async function launchIn(endpoint: string, account: string, count: number): Promise<string[]> {
  const sts = new STSClient(seedConfig(endpoint));
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ROLE}`, RoleSessionName: "seed" }),
  );
  sts.destroy();
  const ec2 = new EC2Client({
    ...seedConfig(endpoint),
    credentials: {
      accessKeyId: c?.AccessKeyId as string,
      secretAccessKey: c?.SecretAccessKey as string,
      sessionToken: c?.SessionToken as string,
    },
  });
  const response = await ec2.send(
    new RunInstancesCommand({ ImageId: TEST_AMI, MinCount: count, MaxCount: count, InstanceType: "t3.nano" }),
  );
  ec2.destroy();
  return (response.Instances ?? []).map((i) => i.InstanceId as string);
}

describe.skipIf(moto === undefined)("--accounts org against moto_server", () => {
  const accounts: Record<string, string> = {};
  const ids: Record<string, string[]> = {};
  const h = motoSuite(moto, async (endpoint) => {
    const org = new OrganizationsClient(seedConfig(endpoint));
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    accounts.payments = await createAccount(org, "payments");
    accounts.search = await createAccount(org, "search");
    org.destroy();
    ids[accounts.payments] = await launchIn(endpoint, accounts.payments, 2);
    ids[accounts.search] = await launchIn(endpoint, accounts.search, 1);
  });

  const orgSweep = (...extra: string[]) =>
    runCli(["ec2", "list", "--accounts", "org", "--org-role", ROLE, "--region", "us-east-1", ...extra], h.sandbox.env);

  it("sweeps every active account by its role, labelled with its name; the account list is cached", async () => {
    const result = await orgSweep();
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<Rec>(result);
    for (const name of ["payments", "search"]) {
      const account = accounts[name] as string;
      const mine = records.filter((r) => r.account === account);
      expect(mine.map((r) => r.instanceId).sort()).toEqual([...(ids[account] ?? [])].sort());
      expect(mine.every((r) => r.accountLabel === name)).toBe(true);
    }
    expect(result.stderr).toContain("awstriage: 3 accounts × 1 region (us-east-1)");
    expect(h.proxy.count("ListAccounts")).toBe(1);
    expect(h.proxy.count("AssumeRole")).toBe(3);

    const before = h.proxy.count();
    const again = await orgSweep();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(result.stdout);
    expect(h.proxy.count()).toBe(before);
  });

  it("--exclude-accounts leaves accounts out; --org-role is required and checked (exit 2)", async () => {
    const result = await orgSweep("--exclude-accounts", `${TEST_ACCOUNT},${accounts.search}`);
    expect(result.code, result.stderr).toBe(0);
    expect(new Set(jsonOut<Rec>(result).map((r) => r.account))).toEqual(new Set([accounts.payments]));
    expect(result.stderr).toContain("1 account × 1 region (us-east-1)");

    const noRole = await runCli(["ec2", "list", "--accounts", "org"], h.sandbox.env);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain("--accounts org needs --org-role NAME");
    const badExclude = await orgSweep("--exclude-accounts", "12");
    expect(badExclude.code).toBe(2);
  });
});
