/**
 * Each AccountSession's clients follow its own profile, with `AWS_PROFILE=a` exported: the
 * endpoint (endpoint_url, a `[services]` section, ignore_configured_endpoint_urls) and the
 * defaults mode, the settings the SDK itself would read under $AWS_PROFILE. The clients are
 * real SDK clients; a middleware stops each request once its URL is known, so nothing is sent.
 * The process environment is the same afterwards: nothing wrote to it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { AccountSession } from "../../../src/run/account-session.js";
import { ConfigError } from "../../../src/errors/errors.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const CONFIG = `[profile a]
region = us-east-1
endpoint_url = http://127.0.0.1:1111
defaults_mode = mobile
aws_access_key_id = ka
aws_secret_access_key = sa

[profile b]
region = eu-west-1
endpoint_url = http://127.0.0.1:2222
defaults_mode = standard
aws_access_key_id = kb
aws_secret_access_key = sb

[profile plain]
region = us-west-2
aws_access_key_id = kp
aws_secret_access_key = sp

[profile ignoring]
region = us-east-1
endpoint_url = http://127.0.0.1:4444
ignore_configured_endpoint_urls = true
aws_access_key_id = ki
aws_secret_access_key = si

[profile split]
region = us-east-1
endpoint_url = http://127.0.0.1:5555
services = local
aws_access_key_id = ks
aws_secret_access_key = ss

[services local]
ec2 =
  endpoint_url = http://127.0.0.1:3333

[profile broken]
region = us-east-1
defaults_mode = fastest
aws_access_key_id = kx
aws_secret_access_key = sx
`;

/** The URL a request of `client` would go to (stopped at the build step, before signing). */
async function urlOf(client: { send(command: unknown): Promise<unknown>; middlewareStack: unknown }, command: unknown) {
  const stack = client.middlewareStack as {
    add(mw: unknown, options: { step: string; name: string }): void;
  };
  stack.add(
    () => async (args: { request: { protocol: string; hostname: string; port?: number } }) => {
      const { protocol, hostname, port } = args.request;
      throw Object.assign(new Error("stopped"), { url: `${protocol}//${hostname}${port ? `:${port}` : ""}` });
    },
    { step: "build", name: "stopBeforeSending" },
  );
  return client.send(command).then(
    () => undefined,
    (error: { url?: string }) => error.url,
  );
}

describe("AccountSession clients with AWS_PROFILE=a exported", () => {
  const saved = { ...process.env };
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = makeTempDir("session-profile");
    // A fresh path per test: the SDK caches a config file's contents by path.
    const configFile = join(dir, "config");
    writeFileSync(configFile, CONFIG);
    for (const key of Object.keys(process.env))
      if (
        key.startsWith("AWS_ENDPOINT_URL") ||
        key === "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" ||
        key === "AWS_DEFAULTS_MODE"
      )
        delete process.env[key];
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "no-credentials");
    process.env.AWS_PROFILE = "a";
    env = { ...process.env };
  });

  afterEach(() => {
    process.env = { ...saved };
    removeTempDir(dir);
  });

  const session = (profile: string) =>
    AccountSession.create(
      {
        profile,
        roleArn: undefined,
        endpointUrl: undefined,
        regions: undefined,
        cacheRoot: join(dir, "cache"),
        offline: false,
        maxAttempts: 1,
        concurrency: 1,
        logLevel: "silent",
      },
      { env },
    );

  it("sends each profile's calls to its own endpoint, never to a's, and writes nothing to process.env", async () => {
    const before = { ...process.env };
    const urls: Record<string, unknown> = {};
    for (const profile of ["b", "plain", "ignoring", "split"]) {
      const s = session(profile);
      urls[`${profile} sts`] = await urlOf(
        await s.provider.client("sts", s.homeRegion),
        new GetCallerIdentityCommand({}),
      );
      urls[`${profile} ec2`] = await urlOf(
        await s.provider.client("ec2", s.homeRegion),
        new DescribeRegionsCommand({}),
      );
    }
    expect(urls).toEqual({
      "b sts": "http://127.0.0.1:2222",
      "b ec2": "http://127.0.0.1:2222",
      // No endpoint configured: AWS's own, not a's endpoint_url.
      "plain sts": "https://sts.us-west-2.amazonaws.com",
      "plain ec2": "https://ec2.us-west-2.amazonaws.com",
      "ignoring sts": "https://sts.us-east-1.amazonaws.com",
      "ignoring ec2": "https://ec2.us-east-1.amazonaws.com",
      // The [services] section names EC2's endpoint; every other service takes the profile's.
      "split sts": "http://127.0.0.1:5555",
      "split ec2": "http://127.0.0.1:3333",
    });
    expect(process.env).toEqual(before);
  });

  it("gives each client its profile's defaults_mode, not a's", async () => {
    const client = await session("b").provider.client("ec2", "eu-west-1");
    const mode = await (client.config as unknown as { defaultsMode: () => Promise<string> }).defaultsMode();
    expect(mode).toBe("standard");
    const plain = await session("plain").provider.client("ec2", "us-west-2");
    expect(await (plain.config as unknown as { defaultsMode: () => Promise<string> }).defaultsMode()).toBe("legacy");
  });

  it("refuses a defaults_mode the SDK does not know (exit 3, naming the profile)", () => {
    const s = session("broken");
    expect(() => s.provider).toThrow(ConfigError);
    expect(() => s.provider).toThrow(/profile "broken": defaults_mode is "fastest"/);
  });
});
