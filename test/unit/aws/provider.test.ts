import { describe, expect, it } from "vitest";
import { AwsClientProvider, roleSessionName, type BaseClientConfig, type ProviderSettings, type ServiceName } from "../../../src/aws/provider.js";

const settings: ProviderSettings = {
  profile: "dev",
  maxAttempts: 7,
  connectTimeoutMs: 1234,
  requestTimeoutMs: 5678,
  sso: false,
  homeRegion: "us-east-1",
};

function recordingFactory() {
  const built: Array<{ service: ServiceName; config: BaseClientConfig }> = [];
  const factory = async (service: ServiceName, config: BaseClientConfig) => {
    built.push({ service, config });
    return { service, region: config.region } as never;
  };
  return { built, factory };
}

describe("AwsClientProvider", () => {
  it("spreads one base config with adaptive retry, max attempts, profile and timeouts into every client", async () => {
    const { built, factory } = recordingFactory();
    const provider = new AwsClientProvider({ ...settings, endpointUrl: "http://127.0.0.1:9" }, factory);
    await provider.client("ec2", "eu-west-1");
    await provider.client("logs", "eu-west-1");
    expect(built.map((b) => b.service)).toEqual(["ec2", "logs"]);
    for (const { config } of built) {
      expect(config).toMatchObject({
        region: "eu-west-1",
        profile: "dev",
        retryMode: "adaptive",
        maxAttempts: 7,
        endpoint: "http://127.0.0.1:9",
        requestHandler: { connectionTimeout: 1234, requestTimeout: 5678 },
      });
    }
    // One credential provider shared by every client, so SSO or credential_process run once.
    expect(built[0]?.config.credentials).toBe(built[1]?.config.credentials);
  });

  it("builds a client once per service and region and reuses it", async () => {
    const { built, factory } = recordingFactory();
    const provider = new AwsClientProvider(settings, factory);
    const [a, b] = await Promise.all([provider.client("ec2", "us-east-1"), provider.client("ec2", "us-east-1")]);
    await provider.client("ec2", "us-west-2");
    expect(a).toBe(b);
    expect(built.map((x) => `${x.service}@${x.config.region}`)).toEqual(["ec2@us-east-1", "ec2@us-west-2"]);
  });

  it("leaves the endpoint to the SDK (AWS_ENDPOINT_URL, profile endpoint_url) when --endpoint-url is not given", async () => {
    const { built, factory } = recordingFactory();
    await new AwsClientProvider(settings, factory).client("sts", "us-east-1");
    expect(built[0]?.config).not.toHaveProperty("endpoint");
  });

  it("names the endpoint a call goes to in messages", () => {
    const provider = new AwsClientProvider({ ...settings, configuredEndpointUrl: "http://127.0.0.1:5000" }, recordingFactory().factory);
    expect(provider.endpointFor("ec2", "us-east-1")).toBe("http://127.0.0.1:5000");
    expect(new AwsClientProvider(settings).endpointFor("cloudwatch", "eu-west-1")).toBe("https://monitoring.eu-west-1.amazonaws.com");
  });

  it("makes a role session name that identifies awstriage and the user, within STS's character set", () => {
    expect(roleSessionName("alice")).toBe("awstriage-alice");
    expect(roleSessionName("DOMAIN\\bob smith")).toBe("awstriage-DOMAIN-bob-smith");
    expect(roleSessionName("x".repeat(100))).toHaveLength(64);
  });
});
