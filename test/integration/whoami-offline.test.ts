/**
 * Issue 26, item 8 (and issue 24's small untruths): `whoami --offline` with nothing cached is
 * exit 5 naming the file, as every other command's miss is, alone and in a sweep; a sweep of
 * assumed roles (an --accounts list, or `org`) names each account from its role ARN instead
 * of `account: null`. Offline only: no emulator needed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = makeTempDir("whoami");
  env = { ...cleanEnv(), HOME: dir };
});
afterEach(() => removeTempDir(dir));

describe("whoami --offline", () => {
  it("with nothing cached is exit 5 naming the file it looked for, not an all-null record", async () => {
    const cache = join(dir, "empty");
    const result = await runCli(
      ["whoami", "--offline", "--cache-dir", cache, "--profile", "x", "--region", "us-east-1"],
      env,
    );
    expect(result.code, result.stderr).toBe(5);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(join(cache, "sts", "x", "global"));
  });

  it("with the identity cached prints it (exit 0)", async () => {
    const args = ["whoami", "--offline", "--cache-dir", DEMO_CACHE, "--profile", "demo", "--region", "us-east-1"];
    const result = await runCli(args, env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result)[0]).toMatchObject({ account: "123456789012", profile: "demo" });
  });

  it("in a sweep of profiles with nothing cached is exit 5, not a row of nulls per account", async () => {
    const args = [
      "whoami",
      "--offline",
      "--cache-dir",
      join(dir, "empty"),
      "--profiles",
      "a,b",
      "--region",
      "us-east-1",
    ];
    const result = await runCli(args, env);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stdout).not.toMatch(/"account":\s*null/);
  });

  it("in a sweep of assumed roles names each account from its role ARN", async () => {
    const accounts = join(dir, "accounts.txt");
    writeFileSync(accounts, "arn:aws:iam::111111111111:role/Audit prod\narn:aws:iam::222222222222:role/Audit dev\n");
    const args = [
      "whoami",
      "--offline",
      "--cache-dir",
      join(dir, "empty"),
      "--profile",
      "base",
      "--accounts",
      accounts,
    ];
    const result = await runCli([...args, "--region", "us-east-1"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(
      jsonOut(result)
        .map((r) => r.account)
        .sort(),
    ).toEqual(["111111111111", "222222222222"]);
  });
});
