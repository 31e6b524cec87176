/**
 * Issue 17 item 1: `cache clear` and `cache ls` only touch a folder that is an awstriage cache
 * (its .awstriage-cache marker, or nothing but awstriage's layout). A project checkout or a
 * home folder passed as --cache-dir is refused with exit 2, and every file in it survives.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { cleanEnv } from "../helpers/aws-env.js";
import { runCli } from "../helpers/cli.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const NO_SDK = pathToFileURL(new URL("../helpers/no-aws-sdk.mjs", import.meta.url).pathname).href;
let dir: string;
let env: NodeJS.ProcessEnv;

/** Files three folders deep, where the old `cache clear` removed every *.json. */
const FOREIGN = {
  "package.json": '{"name":"project"}',
  "node_modules/@aws-sdk/client-ec2/package.json": '{"name":"@aws-sdk/client-ec2"}',
  "node_modules/pkg/lib/index.json": "{}",
  ".aws/sso/cache/0123abcd.json": '{"accessToken":"not-a-real-token","expiresAt":"2030-01-01T00:00:00Z"}',
  ".aws/cli/cache/role.json": '{"Credentials":{}}',
  "ec2/prod/us-east-1/settings.json": '{"editor":"settings"}',
};

function plant(root: string): void {
  for (const [rel, text] of Object.entries(FOREIGN)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

function expectAllThere(root: string): void {
  for (const [rel, text] of Object.entries(FOREIGN)) expect(readFileSync(join(root, rel), "utf8"), rel).toBe(text);
}

beforeEach(() => {
  dir = makeTempDir("cache-root");
  env = {
    ...cleanEnv(),
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, "missing-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "missing-credentials"),
    NODE_OPTIONS: `--import=${NO_SDK}`,
  };
});
afterEach(() => removeTempDir(dir));

describe("the cache root marker", () => {
  it("cache clear and cache ls refuse a project tree or a home folder (exit 2), and every file survives", async () => {
    const tree = join(dir, "project-or-home");
    plant(tree);
    const clear = await runCli(["cache", "clear", "--cache-dir", tree], env);
    expect(clear.code, clear.stderr).toBe(2);
    expect(clear.stderr).toContain("does not look like an awstriage cache");
    expect(clear.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    const ls = await runCli(["cache", "ls", "--cache-dir", tree], env);
    expect(ls.code, ls.stderr).toBe(2);
    expect(ls.stdout).toBe("");
    expect(ls.stderr).toContain("does not look like an awstriage cache");
    expectAllThere(tree);
  });

  it("even in a marked root, cache clear removes only files whose header awstriage wrote", async () => {
    const tree = join(dir, "marked");
    plant(tree);
    writeFileSync(join(tree, ".awstriage-cache"), '{"awstriageCacheLayout":1}\n');
    const clear = await runCli(["cache", "clear", "--cache-dir", tree], env);
    expect(clear.code, clear.stderr).toBe(0);
    expect(clear.stderr).toMatch(/removed 0 entries/);
    expectAllThere(tree);
  });
});
