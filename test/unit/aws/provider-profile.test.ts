/**
 * The profile the SDK reads the config file under is the run's, even where the SDK ignores
 * its `profile` client option (the configured endpoint_url lookup). The clients are real SDK
 * clients; nothing is sent, the test asks them which endpoint the config file gives them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sdkClientFactory, type BaseClientConfig, type ServiceName } from "../../../src/aws/sdk-clients.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const baseConfig = (profile: string): BaseClientConfig => ({
  region: "us-east-1",
  profile,
  maxAttempts: 1,
  retryMode: "adaptive",
  credentials: async () => ({ accessKeyId: "k", secretAccessKey: "s" }),
  requestHandler: { connectionTimeout: 1, requestTimeout: 1, throwOnRequestTimeout: true },
});

/** What the SDK's endpoint middleware would use from the config file (AWS_ENDPOINT_URL*, endpoint_url). */
async function configuredEndpoint(client: unknown): Promise<unknown> {
  return (client as { config: { serviceConfiguredEndpoint(): Promise<unknown> } }).config.serviceConfiguredEndpoint();
}

describe("sdkClientFactory with AWS_PROFILE=a exported and the run's profile b", () => {
  const saved = { ...process.env };
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir("profile");
    // A fresh path per test: the SDK caches a config file's contents by path.
    const configFile = join(dir, "config");
    writeFileSync(
      configFile,
      "[profile a]\nendpoint_url = http://127.0.0.1:1111\n\n[profile b]\nendpoint_url = http://127.0.0.1:2222\n",
    );
    // Endpoints from the environment would win over the config file.
    for (const key of Object.keys(process.env))
      if (key.startsWith("AWS_ENDPOINT_URL") || key === "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") delete process.env[key];
    process.env.AWS_CONFIG_FILE = configFile;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "no-credentials");
    process.env.AWS_PROFILE = "a";
  });

  afterEach(() => {
    process.env = { ...saved };
    removeTempDir(dir);
  });

  it.each<ServiceName>(["sts", "ec2", "lambda", "cloudwatch", "logs"])(
    "builds a %s client that takes endpoint_url from profile b",
    async (service) => {
      const client = await sdkClientFactory(service, baseConfig("b"));
      expect(await configuredEndpoint(client)).toBe("http://127.0.0.1:2222");
      expect(process.env.AWS_PROFILE).toBe("b");
    },
  );
});
