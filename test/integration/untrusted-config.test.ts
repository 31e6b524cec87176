/**
 * Issue 26, items 1 and 3 and the Low list for config files: another user's `.awstriage.json`
 * is never obeyed, every config read is bounded (a FIFO, /dev/zero, a huge file are exit 2),
 * and what a config file hides is named even with -q. The built CLI runs offline on the demo
 * cache, so no emulator is needed.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli, signalledCli } from "../helpers/cli.js";
import {
  canPlayOtherUser,
  cliCopyFor,
  giveToOther,
  runAsOther,
  sharedTempDir,
  THIRD_UID,
} from "../helpers/other-user.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";
import { DEMO_FIXTURE, demoCacheCopy, demoTriage } from "../helpers/demo-cache.js";

const demoCache = demoCacheCopy();
const triage = () => demoTriage(demoCache, "us-east-1");
/** Every rule that gives the demo account a high finding, disabled: `--fail-on high` then passes. */
const HIDE_HIGH = JSON.stringify({
  rules: Object.fromEntries(
    [
      "cloudwatch.alarm-firing",
      "cloudwatch.alarm-actions-disabled",
      "ec2.status-impaired",
      "lambda.duration-near-timeout",
      "lambda.errors",
    ].map((id) => [id, { enabled: false }]),
  ),
});

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = makeTempDir("config-trust");
  env = { ...cleanEnv(), HOME: dir, XDG_CONFIG_HOME: join(dir, "xdg") };
});
afterEach(() => removeTempDir(dir));

describe("another user's config file is not obeyed (issue 26, item 1)", () => {
  it("in a folder another user made world-writable, their .awstriage.json is ignored with a warning", async () => {
    if (!canPlayOtherUser("a config file planted by another user")) return;
    // /tmp/t made by the other user (0777), with their config; /tmp/t/work is ours.
    const shared = join(dir, "t");
    mkdirSync(join(shared, "work"), { recursive: true });
    writeFileSync(join(shared, ".awstriage.json"), HIDE_HIGH);
    giveToOther(join(shared, ".awstriage.json"), 0o644);
    giveToOther(shared, 0o777);
    const result = await runCli([...triage(), "--fail-on", "high", "-q"], env, { cwd: join(shared, "work") });
    expect(result.code, result.stderr).toBe(6);
    expect(result.stderr).toContain(`ignoring config file ${join(shared, ".awstriage.json")}`);
    expect(result.stderr).toContain("nobody (uid 65534)");
  });

  it("a config file owned by another user in our own folder is skipped, and the search goes on", async () => {
    if (!canPlayOtherUser("a config file owned by another user")) return;
    const work = join(dir, "project", "work");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, ".awstriage.json"), HIDE_HIGH);
    giveToOther(join(work, ".awstriage.json"), 0o000);
    const result = await runCli([...triage(), "--fail-on", "high"], env, { cwd: work });
    expect(result.code, result.stderr).toBe(6);
    expect(result.stderr).toContain(`ignoring config file ${join(work, ".awstriage.json")}: it is owned by nobody`);
    expect(result.stderr).toContain("| config none |");
  });

  it("another user's config at mode 0000 is skipped by a user who cannot read it, not an exit 2", async () => {
    if (!canPlayOtherUser("an unreadable config file of another user")) return;
    // The runner is `nobody`; the config belongs to a third user, who made it unreadable.
    const shared = sharedTempDir("config-0000");
    try {
      const work = join(shared, "work");
      mkdirSync(work);
      const config = join(work, ".awstriage.json");
      writeFileSync(config, HIDE_HIGH);
      chownSync(config, THIRD_UID, THIRD_UID);
      chmodSync(config, 0o000);
      giveToOther(work, 0o755);
      const cache = join(shared, "cache");
      cpSync(DEMO_FIXTURE, cache, { recursive: true });
      const args = ["triage", "--offline", "--cache-dir", cache, "--profile", "demo", "--region", "us-east-1"];
      const asOther = { ...env, HOME: shared, XDG_CONFIG_HOME: join(shared, "xdg") };
      const result = runAsOther(cliCopyFor(shared), [...args, "--fail-on", "high"], asOther, work);
      expect(result.code, result.stderr).toBe(6);
      expect(result.stderr).toContain(`ignoring config file ${config}: it is owned by uid ${THIRD_UID}, not by you`);
    } finally {
      removeTempDir(shared);
    }
  });

  it("-q still names a config file that disables rules (and one that only tunes thresholds stays quiet)", async () => {
    const work = join(dir, "own");
    mkdirSync(work);
    writeFileSync(join(work, ".awstriage.json"), HIDE_HIGH);
    const hiding = await runCli([...triage(), "--fail-on", "high", "-q"], env, { cwd: work });
    expect(hiding.code).toBe(0);
    expect(hiding.stderr).toContain(`awstriage: config ${join(work, ".awstriage.json")} (project) disables 5 rules`);
    writeFileSync(join(work, ".awstriage.json"), JSON.stringify({ rules: { "lambda.errors": { thresholds: {} } } }));
    expect((await runCli([...triage(), "-q"], env, { cwd: work })).stderr).toBe("");
  });
});

describe("config reads are bounded and interruptible (issue 26, item 3)", () => {
  const signals = ["SIGINT", "SIGTERM"] as const;

  it("rules --config /dev/zero is refused at once (exit 2), whatever signal comes", async () => {
    for (const signal of signals) {
      const result = await signalledCli(["rules", "--config", "/dev/zero"], env, signal);
      expect(result.signal, `${signal}: killed by the test, so the run ignored ${signal}`).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("config file /dev/zero: is a device, not a regular file");
    }
  });

  it("a FIFO planted as .awstriage.json is refused (exit 2), never waited on", async () => {
    const work = join(dir, "fifo");
    mkdirSync(work);
    if (spawnSync("mkfifo", [join(work, ".awstriage.json")]).status !== 0) throw new Error("mkfifo failed");
    for (const signal of signals) {
      const result = await signalledCli(["rules"], env, signal, { cwd: work });
      expect(result.signal, `${signal}: killed by the test, so the run ignored ${signal}`).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`config file ${join(work, ".awstriage.json")}: is a FIFO, not a regular file`);
    }
  });

  it("a config file over 1 MiB is refused before it is read", async () => {
    const path = join(dir, "huge.json");
    writeFileSync(path, `{"rules":{}${" ".repeat(1 << 20)}}`);
    const result = await runCli(["rules", "--config", path], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`config file ${path}: is larger than 1 MiB`);
  });
});

describe("config file details (issue 26, Low)", () => {
  it("accepts a UTF-8 byte order mark", async () => {
    const path = join(dir, "bom.json");
    writeFileSync(path, `\uFEFF${JSON.stringify({ rules: { "lambda.errors": { enabled: false } } })}`);
    const result = await runCli(["rules", "--config", path, "-o", "json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).find((r: { id: string }) => r.id === "lambda.errors").enabled).toBe(false);
  });

  it("rejects a date that is not in the calendar (2027-02-30)", async () => {
    const path = join(dir, "dates.json");
    writeFileSync(path, JSON.stringify({ runtimes: { "python3.12": "2027-02-30" } }));
    const result = await runCli(["rules", "--config", path], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("runtimes.python3.12: expected a date as YYYY-MM-DD");
  });

  it("never quotes the bytes of a file that is not JSON (a link to a system file)", async () => {
    const secret = join(dir, "secret");
    writeFileSync(secret, "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n");
    chmodSync(secret, 0o600);
    symlinkSync(secret, join(dir, "linked.json"));
    const result = await runCli(["rules", "--config", join(dir, "linked.json")], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not valid JSON");
    expect(result.stderr).not.toMatch(/root|salt|hash/);
  });
});
