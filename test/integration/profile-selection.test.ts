/**
 * `--profile b` while the shell exports `AWS_PROFILE=a`: everything the run does must come
 * from profile b (endpoint_url, region, credentials), including STS and AssumeRole. Profile a
 * points at a closed loopback port in another region, so any call that used a's settings
 * fails instead of quietly succeeding; the proxy records which access key signed each call.
 */
import { describe, expect, it } from "vitest";
import { appendFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { freePort, startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { TEST_ACCOUNT, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";

const moto = await startMoto();

const KEY_A = "AKIAPROFILEAAAAAAAAA";
const KEY_B = "AKIAPROFILEBBBBBBBBB";
const ROLE = "arn:aws:iam::210987654321:role/triage";

describe.skipIf(moto === undefined)("--profile wins over an exported AWS_PROFILE", () => {
  let ids: string[];
  const h = motoSuite(moto, async (endpoint) => {
    ids = await runInstances(endpoint, "us-east-1", 2);
  });

  /** Profiles a (exported as AWS_PROFILE, unusable) and b (the proxy in front of moto). */
  async function twoProfiles(): Promise<AwsSandbox> {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const sandbox = h.useProfiles((endpoint) => [
      { name: "a", region: "eu-west-1", endpoint: closed, accessKeyId: KEY_A },
      { name: "b", region: "us-east-1", endpoint, accessKeyId: KEY_B },
    ]);
    expect(sandbox.env.AWS_PROFILE).toBe("a");
    return sandbox;
  }

  const keysUsed = () => [...new Set(h.proxy.calls.map((c) => c.accessKeyId))];

  it("ec2 list --profile b uses b's endpoint, region and credentials, and names b in the context line and cache", async () => {
    const sandbox = await twoProfiles();
    const result = await runInProcess(["ec2", "list", "--profile", "b"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut(result);
    expect(records.map((r) => r.instanceId).sort()).toEqual([...ids].sort());
    expect(records.every((r) => r.account === TEST_ACCOUNT && r.region === "us-east-1")).toBe(true);
    expect(result.stderr).toMatch(/account 123456789012 \| region us-east-1 \| profile b \|/);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
    expect(h.proxy.count("GetCallerIdentity")).toBe(1);
    expect(keysUsed()).toEqual([KEY_B]);
    expect(readdirSync(join(sandbox.cacheDir, "ec2"))).toEqual(["b"]);
    expect(existsSync(join(sandbox.cacheDir, "ec2", "b", "us-east-1", "instances.json"))).toBe(true);
  });

  it("whoami --profile b asks STS at b's endpoint with b's credentials", async () => {
    const sandbox = await twoProfiles();
    const result = await runInProcess(["whoami", "--profile", "b"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)).toEqual([
      expect.objectContaining({ account: TEST_ACCOUNT, profile: "b", region: "us-east-1" }),
    ]);
    expect(h.proxy.count("GetCallerIdentity")).toBe(1);
    expect(keysUsed()).toEqual([KEY_B]);
  });

  it("--role-arn with --profile b assumes the role at b's endpoint with b's credentials", async () => {
    const sandbox = await twoProfiles();
    const result = await runInProcess(["ec2", "list", "--profile", "b", "--role-arn", ROLE], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`account 210987654321 | region us-east-1 | profile b | role ${ROLE}`);
    expect(h.proxy.calls.filter((c) => c.action === "AssumeRole").map((c) => c.accessKeyId)).toEqual([KEY_B]);
    // After AssumeRole every call is signed with the role's temporary key, never a's.
    expect(keysUsed()).not.toContain(KEY_A);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
  });

  it("a profile with role_arn and source_profile, chosen by --profile, assumes the role through its own endpoint_url", async () => {
    const sandbox = await twoProfiles();
    // The SDK's credential chain makes this AssumeRole itself, with a client of its own.
    appendFileSync(
      sandbox.configFile,
      `\n[profile b-role]\nregion = us-east-1\nendpoint_url = ${h.proxy.endpoint}\nrole_arn = ${ROLE}\nsource_profile = b\n`,
    );
    const result = await runInProcess(["ec2", "list", "--profile", "b-role"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("account 210987654321 | region us-east-1 | profile b-role |");
    expect(h.proxy.calls.filter((c) => c.action === "AssumeRole").map((c) => c.accessKeyId)).toEqual([KEY_B]);
    expect(h.proxy.count("DescribeInstances")).toBe(1);
  });
});
