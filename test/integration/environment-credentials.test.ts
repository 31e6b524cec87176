/**
 * Exported AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), what aws-vault,
 * `aws configure export-credentials` and CI hand a process, against moto_server. Moto maps the
 * temporary key of an AssumeRole to the role's account, so keys exported from an AssumeRole
 * must label every record with that account, not the default one. The config file's [default]
 * points at a closed port: anything it lent the run (endpoint, credentials) would fail the call.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { freePort, startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { profileSection, seedConfig, TEST_ACCOUNT, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";

const moto = await startMoto();

const ROLE_ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ROLE_ACCOUNT}:role/triage`;
const KEY_PROFILE = "AKIAPROFILEBBBBBBBBB";

interface Exported {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

describe.skipIf(moto === undefined)("credentials exported in the environment", () => {
  let exported: Exported;
  let roleIds: string[];
  let callerIds: string[];
  const h = motoSuite(moto, async (endpoint) => {
    callerIds = await runInstances(endpoint, "us-east-1", 1);
    const sts = new STSClient(seedConfig(endpoint));
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "export" }));
    sts.destroy();
    exported = {
      AWS_ACCESS_KEY_ID: c?.AccessKeyId as string,
      AWS_SECRET_ACCESS_KEY: c?.SecretAccessKey as string,
      AWS_SESSION_TOKEN: c?.SessionToken as string,
    };
    roleIds = await runInstances(endpoint, "us-east-1", 2, {
      credentials: {
        accessKeyId: exported.AWS_ACCESS_KEY_ID,
        secretAccessKey: exported.AWS_SECRET_ACCESS_KEY,
        sessionToken: exported.AWS_SESSION_TOKEN,
      },
    });
  });

  /** [default] at a closed port, profile b at the proxy; no AWS_PROFILE; the keys exported. */
  async function shell(extra: NodeJS.ProcessEnv = {}): Promise<AwsSandbox> {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const sandbox = h.useProfiles((endpoint) => [
      { name: "b", region: "us-east-1", endpoint, accessKeyId: KEY_PROFILE },
    ]);
    writeFileSync(
      sandbox.configFile,
      `${profileSection({ name: "default", region: "eu-west-1", endpoint: closed })}\n\n${profileSection({ name: "b", region: "us-east-1", endpoint: h.proxy.endpoint, accessKeyId: KEY_PROFILE })}\n`,
    );
    delete sandbox.env.AWS_PROFILE;
    Object.assign(sandbox.env, exported, { AWS_ENDPOINT_URL: h.proxy.endpoint, AWS_REGION: "us-east-1" }, extra);
    return sandbox;
  }
  const keysUsed = () => [...new Set(h.proxy.calls.map((c) => c.accessKeyId))];

  it("ec2 list uses the exported keys: the role account's records, `credentials: environment`, cache folder env", async () => {
    const sandbox = await shell();
    const result = await runInProcess(["ec2", "list"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual([...roleIds].sort());
    expect(records.every((r) => r.account === ROLE_ACCOUNT && r.region === "us-east-1")).toBe(true);
    expect(result.stderr).toMatch(/account 210987654321 \| region us-east-1 \| credentials: environment \|/);
    expect(result.stderr).not.toMatch(/profile /);
    expect(keysUsed()).toEqual([exported.AWS_ACCESS_KEY_ID]);
    expect(readdirSync(join(sandbox.cacheDir, "ec2"))).toEqual(["env"]);
    expect(existsSync(join(sandbox.cacheDir, "ec2", "env", "us-east-1", "instances.json"))).toBe(true);
  });

  it("whoami names the identity env, and a second run within the TTL is served from the env cache", async () => {
    const sandbox = await shell();
    const first = await runInProcess(["whoami"], sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOut(first)).toEqual([expect.objectContaining({ account: ROLE_ACCOUNT, profile: "env" })]);
    await runInProcess(["ec2", "list"], sandbox.env);
    const before = h.proxy.calls.length;
    const again = await runInProcess(["ec2", "list"], sandbox.env);
    expect(again.code, again.stderr).toBe(0);
    expect(h.proxy.calls.length).toBe(before);
    // Offline, the exported keys still choose the identity (no AWS needed).
    const offline = await runInProcess(["ec2", "list", "--offline"], sandbox.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toContain("credentials: environment");
    expect(jsonOut(offline)).toHaveLength(roleIds.length);
  });

  it("--role-arn assumes the role with the exported keys", async () => {
    const sandbox = await shell({ AWS_ACCESS_KEY_ID: "AKIAEXPORTEDCALLER01", AWS_SESSION_TOKEN: "" });
    const result = await runInProcess(["whoami", "--role-arn", ROLE], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(h.proxy.calls.filter((c) => c.action === "AssumeRole").map((c) => c.accessKeyId)).toEqual([
      "AKIAEXPORTEDCALLER01",
    ]);
    expect(result.stderr).toContain(`credentials: environment | role ${ROLE}`);
  });

  it("AWS_PROFILE wins over exported keys", async () => {
    const sandbox = await shell({ AWS_PROFILE: "b" });
    const result = await runInProcess(["ec2", "list"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/account 123456789012 \| region us-east-1 \| profile b \|/);
    expect(keysUsed()).toEqual([KEY_PROFILE]);
    expect(jsonOut(result).map((r) => r.instanceId)).toEqual(callerIds);
  });

  it("--profile wins over exported keys", async () => {
    const sandbox = await shell();
    const result = await runInProcess(["ec2", "list", "--profile", "b"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("profile b |");
    expect(keysUsed()).toEqual([KEY_PROFILE]);
    expect(jsonOut(result).every((r) => r.account === TEST_ACCOUNT)).toBe(true);
  });

  it("refuses [default] without --profile default, naming exported keys, and sends nothing", async () => {
    const sandbox = await shell();
    for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]) {
      delete sandbox.env[key];
    }
    const result = await runInProcess(["ec2", "list"], sandbox.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no AWS profile: .*no AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are exported/);
    expect(result.stderr).toMatch(/--profile default/);
    expect(h.proxy.calls).toEqual([]);
  });

  it("refuses a container role (AWS_CONTAINER_CREDENTIALS_FULL_URI) and a lone key id: nothing is asked", async () => {
    const sandbox = await shell();
    delete sandbox.env.AWS_SECRET_ACCESS_KEY;
    delete sandbox.env.AWS_SESSION_TOKEN;
    // Were the container provider consulted, its request would reach the proxy.
    sandbox.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${h.proxy.endpoint}/creds`;
    delete sandbox.env.AWS_EC2_METADATA_DISABLED;
    const result = await runInProcess(["ec2", "list"], sandbox.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no AWS profile/);
    expect(h.proxy.calls).toEqual([]);
  });
});
