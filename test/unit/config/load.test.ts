import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findConfigFile, loadConfig, parseConfig } from "../../../src/config/load.js";
import { AwstriageError, ExitCode } from "../../../src/errors/errors.js";
import { unitSandbox, type UnitSandbox } from "../../helpers/unit.js";

let box: UnitSandbox;
beforeEach(() => {
  box = unitSandbox();
});
afterEach(() => box.cleanup());

/** The exit code and message a config error would give; fails the test when parsing succeeds. */
function failure(text: string): { exitCode: number; message: string } {
  try {
    parseConfig(text, "/x/.awstriage.json");
  } catch (error) {
    if (error instanceof AwstriageError) return { exitCode: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("finding the config file", () => {
  it("prefers --config, then $AWSTRIAGE_CONFIG, then the nearest .awstriage.json, then XDG", () => {
    const project = join(box.dir, "project");
    const deep = join(project, "a", "b");
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(box.dir, "xdg", "awstriage"), { recursive: true });
    writeFileSync(join(box.dir, "xdg", "awstriage", "config.json"), "{}");
    const env = { HOME: box.dir, XDG_CONFIG_HOME: join(box.dir, "xdg") };

    expect(findConfigFile({ cwd: deep, env })).toEqual({
      path: join(box.dir, "xdg", "awstriage", "config.json"),
      origin: "user",
    });
    writeFileSync(join(project, ".awstriage.json"), "{}");
    expect(findConfigFile({ cwd: deep, env })).toEqual({ path: join(project, ".awstriage.json"), origin: "project" });
    expect(findConfigFile({ cwd: deep, env: { ...env, AWSTRIAGE_CONFIG: "/etc/a.json" } })).toEqual({
      path: "/etc/a.json",
      origin: "AWSTRIAGE_CONFIG",
    });
    expect(findConfigFile({ cwd: deep, env: { ...env, AWSTRIAGE_CONFIG: "/etc/a.json" }, flag: "mine.json" })).toEqual({
      path: join(deep, "mine.json"),
      origin: "--config",
    });
  });

  it("finds nothing when no file exists, and then judges with the defaults", async () => {
    const loaded = await loadConfig({ cwd: box.dir, env: { HOME: box.dir, XDG_CONFIG_HOME: join(box.dir, "none") } });
    expect(loaded.file).toBeNull();
    expect(loaded.settings).toEqual({ rules: {}, runtimes: [], suppress: [] });
  });

  it("records the file's path and content hash", async () => {
    const path = join(box.dir, "c.json");
    writeFileSync(path, '{"rules":{"logs.no-retention":{"enabled":false}}}');
    const loaded = await loadConfig({ flag: path, env: {} });
    expect(loaded.file).toEqual({
      path,
      origin: "--config",
      sha256: createHash("sha256").update('{"rules":{"logs.no-retention":{"enabled":false}}}').digest("hex"),
    });
    expect(loaded.settings.rules["logs.no-retention"]).toEqual({ enabled: false });
  });

  it("skips a config file anyone may write, saying so, and goes on up the folders (issue 26, item 1)", () => {
    const parent = join(box.dir, "parent");
    const work = join(parent, "work");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(parent, ".awstriage.json"), "{}");
    writeFileSync(join(work, ".awstriage.json"), "{}");
    chmodSync(join(work, ".awstriage.json"), 0o666);
    const warnings: string[] = [];
    const env = { HOME: box.dir, XDG_CONFIG_HOME: join(box.dir, "none") };
    expect(findConfigFile({ cwd: work, env, warn: (m) => warnings.push(m) })).toEqual({
      path: join(parent, ".awstriage.json"),
      origin: "project",
    });
    expect(warnings).toEqual([
      `ignoring config file ${join(work, ".awstriage.json")}: any user may write it (mode 0666)`,
    ]);
  });

  it("stops the walk at a folder anyone may write without the sticky bit, and walks through one with it", () => {
    // Like /tmp/t made 0777: a file in it, or above it, could have been put there by anyone.
    const shared = join(box.dir, "shared");
    const work = join(shared, "work");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(shared, ".awstriage.json"), "{}");
    writeFileSync(join(box.dir, ".awstriage.json"), "{}");
    const env = { HOME: box.dir, XDG_CONFIG_HOME: join(box.dir, "none") };
    const warnings: string[] = [];
    chmodSync(shared, 0o777);
    expect(findConfigFile({ cwd: work, env, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(warnings).toEqual([
      `ignoring config file ${join(shared, ".awstriage.json")}: its folder is not yours (any user may write in it (mode 0777, no sticky bit))`,
    ]);
    // The sticky bit (as /tmp has it): nobody else can replace what is ours there.
    chmodSync(shared, 0o1777);
    expect(findConfigFile({ cwd: work, env, warn: (m) => warnings.push(m) })).toEqual({
      path: join(shared, ".awstriage.json"),
      origin: "project",
    });
    expect(warnings).toHaveLength(1);
  });

  it("is exit 2 for a named file that cannot be read", async () => {
    await expect(loadConfig({ flag: join(box.dir, "missing.json"), env: {} })).rejects.toThrow(
      /cannot read it \(ENOENT \(no such file or folder\)\)/,
    );
  });
});

describe("validating the config file", () => {
  it("reads thresholds in their units: fractions, durations, plain numbers", () => {
    const settings = parseConfig(
      JSON.stringify({
        rules: { "lambda.errors": { thresholds: { errorRateHigh: 0.1 }, severity: "critical" } },
        runtimes: { "python3.11": "2027-06-30", "ruby4.0": { deprecatedOn: "2029-03-31", name: "Ruby 4.0" } },
        suppress: [{ ruleId: "logs.no-retention", resourceId: "/aws/lambda/legacy", until: "2027-01-31", reason: "x" }],
      }),
      "c.json",
    );
    expect(settings.rules["lambda.errors"]).toEqual({ thresholds: { errorRateHigh: 0.1 }, severity: "critical" });
    expect(settings.runtimes).toEqual([
      { runtime: "python3.11", name: "python3.11", deprecatedOn: "2027-06-30" },
      { runtime: "ruby4.0", name: "Ruby 4.0", deprecatedOn: "2029-03-31" },
    ]);
    expect(settings.suppress).toHaveLength(1);
  });

  it.each([
    ["bad JSON", "{rules:", /not valid JSON/],
    ["an unknown rule id", '{"rules":{"lambda.erors":{}}}', /rules: .*lambda\.erors/],
    [
      "an unknown threshold",
      '{"rules":{"lambda.errors":{"thresholds":{"rate":0.1}}}}',
      /rules\.lambda\.errors\.thresholds: .*rate/,
    ],
    [
      "a wrong type",
      '{"rules":{"lambda.errors":{"thresholds":{"errorRateHigh":"10%"}}}}',
      /rules\.lambda\.errors\.thresholds\.errorRateHigh: /,
    ],
    [
      "a rate above 1",
      '{"rules":{"lambda.errors":{"thresholds":{"errorRateHigh":5}}}}',
      /errorRateHigh: a rate is a fraction/,
    ],
    ["an unknown severity", '{"rules":{"lambda.errors":{"severity":"urgent"}}}', /rules\.lambda\.errors\.severity: /],
    ["enabled not a boolean", '{"rules":{"logs.no-retention":{"enabled":"no"}}}', /enabled: /],
    ["an unknown top-level key", '{"rule":{}}', /\(top level\): .*rule/],
    ["a bad date", '{"runtimes":{"python3.11":"June 2027"}}', /runtimes\.python3\.11: /],
    [
      "a suppression without a reason",
      '{"suppress":[{"ruleId":"logs.no-retention","resourceId":"g"}]}',
      /suppress\[0\]\.reason: /,
    ],
    [
      "a suppression of an unknown rule",
      '{"suppress":[{"ruleId":"nope","resourceId":"g","reason":"r"}]}',
      /suppress\[0\]\.ruleId: /,
    ],
  ])("refuses %s with exit 2, naming the file and the key", (_name, text, pattern) => {
    const { exitCode, message } = failure(text);
    expect(exitCode).toBe(ExitCode.usage);
    expect(message).toMatch(/^config file \/x\/\.awstriage\.json: /);
    expect(message).toMatch(pattern);
  });
});
