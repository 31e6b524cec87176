/**
 * Secrets and paths, with the built CLI against moto_server:
 * - a profile named `../../x` (configured in the AWS config file) and a role whose path
 *   climbs (`role/../../escape`) keep every file inside the cache root;
 * - with a seeded secret key and session token in the profile, at `--log-level trace`, under
 *   umask 000, neither reaches the cache, stdout, stderr or the `--out` file, and the cache
 *   is folders 0700 and files 0600.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { filesUnder, motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { runInstances } from "../helpers/seed.js";
import { createFunctions, createLogGroup, putLogEvents } from "../helpers/seed-services.js";

const moto = await startMoto();

/** Every file under `dir` and every folder on the way to one, absolute. */
function walk(dir: string): string[] {
  const files = filesUnder(dir);
  const folders = new Set(
    files.flatMap((f) =>
      relative(dir, dirname(f))
        .split(sep)
        .map((_, i, parts) => join(dir, ...parts.slice(0, i + 1))),
    ),
  );
  return [...folders, ...files];
}

const SECRET_KEY = "SeededSecretKey+awstriage/0123456789abcdefghij";
const SESSION_TOKEN = "SeededSessionToken//awstriage+FwoGZXIvYXdzEJr//////////wEaDN";
/** A real log group name (the characters CloudWatch Logs allows) that climbs like a path. */
const CLIMBING_GROUP = "/aws/lambda/../../../escape";
const LAMBDA_ENV_SECRET = "SeededLambdaEnvValue-postgres://admin:hunter2@db";

describe.skipIf(moto === undefined)("secrets and paths", () => {
  let instances: string[] = [];
  const suite = motoSuite(moto, async (endpoint) => {
    instances = await runInstances(endpoint, "us-east-1", 2);
    await createLogGroup(endpoint, "us-east-1", CLIMBING_GROUP);
    await putLogEvents(endpoint, "us-east-1", CLIMBING_GROUP, "stream", [
      { minutesAgo: 5, message: "hello from a climbing group" },
    ]);
    await createFunctions(endpoint, "us-east-1", [
      { name: "api", runtime: "python3.12", timeout: 30, environment: { DATABASE_URL: LAMBDA_ENV_SECRET } },
    ]);
  });

  it("--profile ../../x, configured in the AWS config file, and a climbing role path keep every file inside the cache root", async () => {
    const sandbox = suite.useProfiles((endpoint) => [{ name: "../../x", region: "us-east-1", endpoint }]);
    const before = readdirSync(sandbox.dir).sort();
    const plain = await runCli(["ec2", "list", "--profile", "../../x"], sandbox.env);
    expect(plain.code, plain.stderr).toBe(0);
    expect(
      jsonOut(plain)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...instances].sort());
    expect(plain.stderr).toContain("profile ../../x");

    const role = await runCli(
      ["ec2", "list", "--profile", "../../x", "--role-arn", `arn:aws:iam::${TEST_ACCOUNT}:role/../../escape`],
      sandbox.env,
    );
    expect(role.code, role.stderr).toBe(0);
    expect(suite.proxy.count("AssumeRole")).toBe(1);

    const logs = await runCli(["logs", "search", CLIMBING_GROUP, "--since", "1h", "--profile", "../../x"], sandbox.env);
    expect(logs.code, logs.stderr).toBe(0);
    expect(jsonOut(logs).map((e) => e.message)).toEqual(["hello from a climbing group"]);

    // Nothing new beside the cache root, nothing above it, and every file inside it.
    expect(readdirSync(sandbox.dir).sort()).toEqual([...before, "cache"].sort());
    expect(existsSync(join(sandbox.cacheDir, "..", "..", "x"))).toBe(false);
    expect(existsSync(join(sandbox.dir, "x"))).toBe(false);
    // Every entry (the root's own .awstriage-cache marker aside) sits at the layout's depth.
    const files = walk(sandbox.cacheDir).filter((p) => statSync(p).isFile() && !p.endsWith("/.awstriage-cache"));
    expect(files.length).toBeGreaterThanOrEqual(5); // instances and identity, without and with the role; the log events
    for (const file of files) {
      const rel = relative(sandbox.cacheDir, file);
      expect(rel.startsWith("..")).toBe(false);
      expect(rel.split("/")).toHaveLength(4);
    }
    // The two identities are kept apart, and a second run reads its own entries back.
    const identities = new Set(files.map((f) => relative(sandbox.cacheDir, f).split("/")[1]));
    expect(identities.size).toBe(2);
    const again = await runCli(["ec2", "list", "--profile", "../../x"], sandbox.env);
    expect(again.stderr).toMatch(/ec2\/instances: cache \d+s old/);
  });

  it("a seeded secret key, session token and Lambda environment value never reach the cache, stdout, stderr or --out at --log-level trace; under umask 000 the cache is 0700/0600", async () => {
    const sandbox = suite.useProfiles((endpoint) => [
      {
        name: "seeded",
        region: "us-east-1",
        endpoint,
        secretAccessKey: SECRET_KEY,
        extra: { aws_session_token: SESSION_TOKEN },
      },
    ]);
    expect(readFileSync(sandbox.configFile, "utf8")).toContain(`aws_secret_access_key = ${SECRET_KEY}`);

    const out = join(sandbox.dir, "report.json");
    const runs = [
      await runCli(["--log-level", "trace", "ec2", "list", "--out", out], sandbox.env, { umask: "000" }),
      await runCli(["whoami", "--force", "--log-level", "trace", "-o", "ndjson"], sandbox.env, { umask: "000" }),
      await runCli(["ec2", "list", "--raw", "--log-level", "trace", "--force", "-o", "table"], sandbox.env, {
        umask: "000",
      }),
      await runCli(["lambda", "list", "--log-level", "trace"], sandbox.env, { umask: "000" }),
      await runCli(
        ["lambda", "list", "--raw", "--log-level", "trace", "--out", join(sandbox.dir, "lambda.json")],
        sandbox.env,
        { umask: "000" },
      ),
    ];
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(
      jsonOut(runs[0]!)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...instances].sort());
    // The trace log really showed the signed requests (so a leak had a way out)...
    expect(runs[0]!.stderr).toMatch(/awstriage trace: http request .*x-amz-security-token/);
    expect(runs[0]!.stderr).toContain('"x-amz-security-token":"<redacted>"');

    // The function was listed, its variable named, its value not.
    expect(jsonOut(runs[3]!)).toEqual([
      expect.objectContaining({ functionName: "api", environment: { DATABASE_URL: "<redacted>" } }),
    ]);

    // ...and nothing anywhere holds the secret, the token or the Lambda value.
    const cacheFiles = walk(sandbox.cacheDir).filter((p) => statSync(p).isFile());
    const haystacks: Array<[string, string]> = [
      ...runs.flatMap(
        (r, i): Array<[string, string]> => [
          [`stdout of run ${i}`, r.stdout],
          [`stderr of run ${i}`, r.stderr],
        ],
      ),
      ["--out file", readFileSync(out, "utf8")],
      ["lambda --out file", readFileSync(join(sandbox.dir, "lambda.json"), "utf8")],
      ...cacheFiles.map((f): [string, string] => [f, readFileSync(f, "utf8")]),
    ];
    expect(cacheFiles.length).toBeGreaterThanOrEqual(2);
    for (const [where, text] of haystacks) {
      expect(text.includes(SECRET_KEY), `secret key in ${where}`).toBe(false);
      expect(text.includes(SESSION_TOKEN), `session token in ${where}`).toBe(false);
      expect(text.includes(SESSION_TOKEN.slice(0, 24)), `part of the session token in ${where}`).toBe(false);
      expect(text.includes("hunter2"), `the Lambda environment value in ${where}`).toBe(false);
    }

    // Private modes although the umask let everything through (the cache root included:
    // awstriage created it).
    for (const path of [sandbox.cacheDir, ...walk(sandbox.cacheDir)]) {
      const mode = statSync(path).mode & 0o777;
      expect(mode, relative(sandbox.dir, path)).toBe(statSync(path).isDirectory() ? 0o700 : 0o600);
    }
  });
});
