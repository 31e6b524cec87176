/**
 * `lambda list --raw` over a cache awstriage did not write (an older version, another tool):
 * the built CLI, offline, over a hand-built cache whose Lambda items hold environment values
 * in clear. No path that prints or writes Lambda items may show them: the raw JSON and table,
 * the records, and the `--out` document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv } from "../helpers/aws-env.js";
import { runInProcess } from "../helpers/in-process.js";
import { testEnvelope } from "../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../helpers/temp-dir.js";

const SECRET = "ForeignCacheSecret-postgres://admin:hunter2@db.internal";

describe("--raw never prints a Lambda environment value, whatever wrote the cache", () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const base = () => ["--offline", "--cache-dir", join(home, "cache"), "--profile", "old", "--region", "us-east-1"];

  beforeAll(() => {
    home = makeTempDir("raw");
    env = { ...cleanEnv(), HOME: home };
    const folder = join(home, "cache", "lambda", "old", "us-east-1");
    mkdirSync(folder, { recursive: true });
    // Shaped like ListFunctions items, as an older version or another tool would have cached them.
    const envelope = testEnvelope({
      script: "lambda",
      resource: "functions",
      profile: "old",
      items: [
        {
          FunctionName: "api",
          FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:api",
          Runtime: "python3.12",
          Environment: { Variables: { DATABASE_URL: SECRET, STAGE: "prod" } },
        },
        { FunctionName: "plain", Runtime: "nodejs22.x" },
      ],
    });
    writeFileSync(join(folder, "functions.json"), JSON.stringify(envelope), { mode: 0o600 });
  });

  afterAll(() => removeTempDir(home));

  it.each([
    ["raw json", ["--raw", "-o", "json"]],
    ["raw ndjson", ["--raw", "-o", "ndjson"]],
    ["raw table", ["--raw", "-o", "table"]],
    ["records", ["-o", "json"]],
  ])("%s: stdout, stderr and --out hold the variable's name but never its value", async (_name, flags) => {
    const out = join(home, `out-${flags.join("")}.json`);
    const result = await runInProcess(["lambda", "list", ...base(), ...flags, "--out", out], env);
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(out, "utf8");
    for (const text of [result.stdout, result.stderr, written]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("hunter2");
    }
    expect(result.stdout).toContain("DATABASE_URL");
    expect(written).toContain("<redacted>");
  });

  it("leaves the rest of a raw item as cached", async () => {
    const result = await runInProcess(["lambda", "list", ...base(), "--raw", "-o", "json"], env);
    const items = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(items).toEqual([
      {
        FunctionName: "api",
        FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:api",
        Runtime: "python3.12",
        Environment: { Variables: { DATABASE_URL: "<redacted>", STAGE: "<redacted>" } },
      },
      { FunctionName: "plain", Runtime: "nodejs22.x" },
    ]);
  });
});
