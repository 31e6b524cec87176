/**
 * The built CLI on a (forced) terminal of 60, 80 and 100 columns over a hand-built --offline
 * cache: tables fit (`rules`, which reads no cache, at 80 and 120), the region column goes for one region, colour only on a terminal (NO_COLOR
 * and FORCE_COLOR honoured, never into a pipe), --wide cuts nothing, and an empty result is
 * explained on stderr while stdout stays empty.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheFilePath, cacheIdentity } from "../../src/cache/paths.js";
import { displayWidth } from "../../src/output/terminal-text.js";
import { cleanEnv } from "../helpers/aws-env.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";
import { testEnvelope } from "../helpers/cache-envelope.js";
import { runCli, type CliResult } from "../helpers/cli.js";

const FORCE_TTY = pathToFileURL(new URL("../helpers/force-tty.mjs", import.meta.url).pathname).href;
const SGR = /\x1b\[[0-9;]*m/;
const REGIONS = ["ap-south-1", "eu-west-1", "sa-east-1", "us-east-1", "us-west-2"];

function instance(i: number, region: string) {
  return {
    InstanceId: `i-0${String(i).padStart(16, "0")}`,
    State: { Name: i % 4 === 0 ? "stopped" : "running" },
    InstanceType: "m5.large",
    Placement: { AvailabilityZone: `${region}a` },
    PrivateIpAddress: `10.0.${i}.17`,
    PublicIpAddress: `34.250.${i}.200`,
    LaunchTime: "2026-01-01T00:00:00.000Z",
    VpcId: "vpc-0123456789abcdef0",
    SubnetId: "subnet-0123456789abcdef0",
    Tags: [{ Key: "Name", Value: i === 1 ? "日本語のサーバー名前が長い" : `web-frontend-production-blue-green-${i}` }],
  };
}

describe("tables on a terminal, through the built CLI", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const offline = (region = "us-east-1") => ["--offline", "--profile", "p", "--region", region];
  const onTerminal = (args: string[], columns: number, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCli(args, { ...env, AWSTRIAGE_TEST_COLUMNS: String(columns), ...extra }, { nodeArgs: ["--import", FORCE_TTY] });

  beforeAll(() => {
    dir = makeTempDir("tty");
    const cacheDir = join(dir, "cache");
    env = { ...cleanEnv(), HOME: dir, AWS_CONFIG_FILE: join(dir, "none"), AWSTRIAGE_CACHE_DIR: cacheDir };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    delete env.TERM;
    const write = (script: string, resource: string, region: string, items: unknown[], profile = "p") => {
      const path = cacheFilePath(cacheDir, { script, resource, region, identity: cacheIdentity(profile), params: {} });
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, JSON.stringify(testEnvelope({ script, resource, region, profile, items })));
    };
    for (const region of REGIONS) {
      write(
        "ec2",
        "instances",
        region,
        Array.from({ length: 11 }, (_, i) => instance(i, region)),
      );
      // A second profile, for a sweep.
      if (region === "us-east-1") write("ec2", "instances", region, [instance(3, region)], "q");
      write("cloudwatch", "alarms", region, [
        { AlarmName: "api-5xx", StateValue: "ALARM", StateReason: "Threshold Crossed: 1 datapoint ".repeat(6) },
        { AlarmName: "queue-depth", StateValue: "OK", StateReason: "Threshold not crossed" },
      ]);
    }
  });
  afterAll(() => removeTempDir(dir));

  it.each([60, 80, 100])(
    "ec2 list fits %i columns, ids and states whole, no region column for one region",
    async (width) => {
      const result = await onTerminal(["ec2", "list", ...offline()], width);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(12);
      for (const line of lines) expect(displayWidth(line.replace(new RegExp(SGR, "g"), ""))).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^instanceId\s+name\s+state/);
      expect(lines[0]).not.toMatch(/\bregion\b/);
      expect(result.stdout).toContain("i-00000000000000010");
      expect(result.stdout).toMatch(/\bstopped\b/);
      for (const line of result.stderr.trimEnd().split("\n")) expect(displayWidth(line)).toBeLessThan(width);
    },
  );

  it.each([80, 120])("rules fits %i columns, the summary taking at least half of what the id leaves", async (width) => {
    const result = await onTerminal(["rules"], width);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.replace(new RegExp(SGR, "g"), "").trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    const header = lines[0] ?? "";
    expect(header).toMatch(/^id +severity +.*summary$/);
    const idWidth = header.indexOf("severity") - 2;
    expect(width - header.indexOf("summary")).toBeGreaterThanOrEqual(Math.floor((width - idWidth - 2) / 2));
    expect(result.stdout).toContain("lambda.duration-near-timeout ");
  });

  it("a sweep's table keeps the command's layout at 80 columns: the account leads, ids whole, the name its half", async () => {
    const result = await onTerminal(["ec2", "list", "--offline", "--profiles", "p,q", "--region", "us-east-1"], 80);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.replace(new RegExp(SGR, "g"), "").trimEnd().split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^account +.*instanceId +name +/);
    expect(lines).toHaveLength(13);
    expect(result.stdout).toContain("i-00000000000000010");
    // The name (ec2 list's payload) gets at least half of what the account id leaves.
    const header = lines[0] ?? "";
    const name = header.indexOf(" state") - header.indexOf(" name ") - 1;
    expect(name, header).toBeGreaterThanOrEqual(Math.floor((80 - "123456789012".length - 2) / 2));
  });

  it("several regions keep the region column; --wide cuts and drops nothing", async () => {
    const many = await onTerminal(["ec2", "list", ...offline(REGIONS.join(","))], 100);
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout.split("\n")[0]).toMatch(/\bregion\b/);
    expect(many.stderr).toMatch(/\| 5 regions \(home ap-south-1\) \|/);
    const wide = await onTerminal(["ec2", "list", ...offline(), "--wide"], 60);
    expect(wide.stdout).toContain("web-frontend-production-blue-green-10");
    expect(wide.stdout).toContain("2026-01-01T00:00:00.000Z");
    expect(wide.stdout).not.toContain("…");
  });

  it("colours ALARM on a terminal, not with NO_COLOR, not in a pipe unless FORCE_COLOR", async () => {
    const args = ["cloudwatch", "alarms", ...offline(), "-o", "table"];
    const coloured = await onTerminal(args, 100);
    expect(coloured.code, coloured.stderr).toBe(0);
    expect(coloured.stdout).toContain("\x1b[31mALARM\x1b[39m");
    for (const line of coloured.stdout.trimEnd().split("\n"))
      expect(displayWidth(line.replace(/\x1b\[[0-9;]*m/g, ""))).toBeLessThanOrEqual(100);
    expect((await onTerminal(args, 100, { NO_COLOR: "1" })).stdout).not.toMatch(SGR);
    const piped = await runCli(args, env);
    expect(piped.stdout).toContain("ALARM");
    expect(piped.stdout).not.toMatch(SGR);
    expect((await runCli(args, { ...env, FORCE_COLOR: "1" })).stdout).toContain("\x1b[31mALARM");
  });

  it("says on stderr why nothing was printed, stdout empty (table) or [] (json)", async () => {
    const table = await onTerminal(["ec2", "list", ...offline(), "--state", "terminated"], 80);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toBe("");
    expect(table.stderr).toContain("awstriage: 0 of 11 instances match --state terminated (us-east-1)");
    const json = await onTerminal(["ec2", "list", ...offline(), "--state", "terminated", "-o", "json"], 80);
    expect(json.stdout).toBe("[]\n");
    expect(json.stderr).toContain("0 of 11 instances match");
    // Off a terminal, stderr carries no such note (scripts read the exit code and stdout).
    const piped = await runCli(["ec2", "list", ...offline(), "--state", "terminated", "-o", "table"], env);
    expect(piped.stdout).toBe("");
    expect(piped.stderr).not.toContain("match");
  });
});
