/**
 * The built CLI over a hand-built cache (--offline, no AWS): a hostile EC2 Name tag and a
 * hostile caller ARN never reach the terminal raw, in the table on stdout or the context line
 * on stderr, while `-o json` keeps the exact bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFilePath, cacheIdentity } from "../../src/cache/paths.js";
import { displayWidth } from "../../src/output/terminal-text.js";
import { cleanEnv } from "../helpers/aws-env.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";
import { testEnvelope } from "../helpers/cache-envelope.js";
import { jsonOut, runCli } from "../helpers/cli.js";

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_NAME =
  "web\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\\r\u202egpj.exe\x00";
const HOSTILE_ARN = "arn:aws:iam::123456789012:user/\x1b[31mroot\x9b2J";
const NAMES = [HOSTILE_NAME, "日本語のサーバー", "👩‍💻-box", "plain"];

describe("hostile AWS text through the built CLI", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const args = ["--offline", "--profile", "p", "--region", "us-east-1"];

  beforeAll(() => {
    dir = makeTempDir("hostile");
    const cacheDir = join(dir, "cache");
    env = { ...cleanEnv(), HOME: dir, AWS_CONFIG_FILE: join(dir, "none"), AWSTRIAGE_CACHE_DIR: cacheDir };
    const identity = cacheIdentity("p");
    const write = (loc: { script: string; resource: string; region: string }, items: unknown[]) => {
      const path = cacheFilePath(cacheDir, { ...loc, identity, params: {} });
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify(testEnvelope({ ...loc, profile: "p", items })));
    };
    write(
      { script: "ec2", resource: "instances", region: "us-east-1" },
      NAMES.map((name, i) => ({
        InstanceId: `i-00000000000000${i}`,
        State: { Name: "running" },
        InstanceType: "t3.micro",
        Placement: { AvailabilityZone: "us-east-1a" },
        Tags: [{ Key: "Name", Value: name }],
      })),
    );
    write({ script: "sts", resource: "caller-identity", region: "global" }, [
      { Account: "123456789012", Arn: HOSTILE_ARN, UserId: "AIDA" },
    ]);
  });
  afterAll(() => removeTempDir(dir));

  it("-o table: no raw control byte on stdout or stderr, rows aligned by display width", async () => {
    const result = await runCli(["ec2", "list", ...args, "-o", "table"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain("\\x1b[2J");
    expect(result.stderr).toContain("user/\\x1b[31mroot\\x9b2J");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(NAMES.length + 1);
    const stateColumn = lines.slice(1).map((l) => displayWidth(l.slice(0, l.indexOf("running"))));
    expect(new Set(stateColumn).size).toBe(1);
  });

  it("--raw -o table is made safe too", async () => {
    const result = await runCli(["ec2", "list", ...args, "--raw", "-o", "table"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("i-000000000000000");
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });

  it("-o json keeps the exact bytes", async () => {
    const result = await runCli(["ec2", "list", ...args, "-o", "json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.name)).toEqual(NAMES);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});
