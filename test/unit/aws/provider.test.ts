import { beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { AssumeRoleCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import {
  AwsClientProvider,
  MAX_CALLS_PER_ENDPOINT,
  type ClientFactory,
  type ProviderSettings,
  type ServiceName,
} from "../../../src/aws/provider.js";
import { ROLE_REFRESH_MARGIN_MS, roleSessionName } from "../../../src/aws/credentials.js";
import type { BaseClientConfig } from "../../../src/aws/sdk-clients.js";
import { ExitCode } from "../../../src/errors/errors.js";
import { sdkError } from "../../helpers/sdk-error.js";

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

  it("hands each client its service's configured endpoint and defaults mode, and without one tells the SDK to look up none", async () => {
    const { built, factory } = recordingFactory();
    const provider = new AwsClientProvider(
      { ...settings, configuredEndpoints: { ec2: "http://127.0.0.1:5000" }, defaultsMode: "standard" },
      factory,
    );
    await provider.client("ec2", "us-east-1");
    await provider.client("sts", "us-east-1");
    expect(built[0]?.config).toMatchObject({ endpoint: "http://127.0.0.1:5000", defaultsMode: "standard" });
    expect(built[0]?.config).not.toHaveProperty("ignoreConfiguredEndpointUrls");
    // No configured endpoint: the SDK must not look one up under $AWS_PROFILE (another profile's).
    expect(built[1]?.config).not.toHaveProperty("endpoint");
    expect(built[1]?.config).toMatchObject({ ignoreConfiguredEndpointUrls: true, defaultsMode: "standard" });
  });

  it("names the endpoint a call goes to in messages", () => {
    const provider = new AwsClientProvider(
      { ...settings, configuredEndpoints: { ec2: "http://127.0.0.1:5000" } },
      recordingFactory().factory,
    );
    expect(provider.endpointFor("ec2", "us-east-1")).toBe("http://127.0.0.1:5000");
    expect(new AwsClientProvider(settings).endpointFor("cloudwatch", "eu-west-1")).toBe(
      "https://monitoring.eu-west-1.amazonaws.com",
    );
  });

  it("makes a role session name that identifies awstriage and the user, within STS's character set", () => {
    expect(roleSessionName("alice")).toBe("awstriage-alice");
    expect(roleSessionName("DOMAIN\\bob smith")).toBe("awstriage-DOMAIN-bob-smith");
    expect(roleSessionName("x".repeat(100))).toHaveLength(64);
  });
});

const ROLE = "arn:aws:iam::210987654321:role/triage";
const HOUR = 3_600_000;

/** AssumeRole goes to the home region, so it differs from every client's region here. */
const roleSettings = (extra: Partial<ProviderSettings> = {}): ProviderSettings => ({
  ...settings,
  homeRegion: "eu-central-1",
  ...extra,
});

/** Builds real STS clients (their `send` mocked by the test) and records every other client's config. */
function stsRecordingFactory() {
  const configs: Array<{ service: string; config: BaseClientConfig }> = [];
  const factory: ClientFactory = async (service, config) => {
    configs.push({ service, config });
    return (service === "sts" ? new STSClient({ region: config.region }) : {}) as never;
  };
  return { factory, configs };
}

describe("AwsClientProvider with --role-arn", () => {
  const sts = mockClient(STSClient);
  let now = 0;

  beforeEach(() => {
    sts.reset();
    now = Date.UTC(2025, 0, 1);
    sts.on(AssumeRoleCommand).callsFake(async () => ({
      Credentials: {
        AccessKeyId: "ASIATEMP",
        SecretAccessKey: "secret",
        SessionToken: "token",
        Expiration: new Date(now + HOUR),
      },
    }));
  });

  it("assumes the role once and hands the same credentials to every client of the run", async () => {
    const { factory, configs } = stsRecordingFactory();
    const provider = new AwsClientProvider(roleSettings({ roleArn: ROLE }), factory, () => now);
    await Promise.all(["us-east-1", "eu-west-1", "ap-south-1"].map((region) => provider.client("ec2", region)));
    await provider.client("logs", "us-east-1");
    const resolved = await Promise.all(configs.map(({ config }) => config.credentials()));
    await configs[0]?.config.credentials();

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(resolved.every((c) => c.accessKeyId === "ASIATEMP" && c.sessionToken === "token")).toBe(true);
    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input?.RoleArn).toBe(ROLE);
    expect(input?.RoleSessionName).toBe(roleSessionName());
    // AssumeRole is sent in the home region with the profile's own credentials.
    const assumeClient = sts.commandCalls(AssumeRoleCommand)[0]?.thisValue as STSClient;
    expect(await assumeClient.config.region()).toBe("eu-central-1");
  });

  it("assumes the role again only when the credentials are about to expire", async () => {
    const { factory, configs } = stsRecordingFactory();
    const provider = new AwsClientProvider(roleSettings({ roleArn: ROLE }), factory, () => now);
    await provider.client("ec2", "us-east-1");
    const credentials = configs[0]?.config.credentials as () => Promise<unknown>;
    await credentials();
    now += HOUR - ROLE_REFRESH_MARGIN_MS - 1;
    await credentials();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    now += 1;
    await Promise.all([credentials(), credentials()]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("knows the assumed role's identity from its AssumeRole answer, with no call of its own", async () => {
    sts.on(AssumeRoleCommand).callsFake(async ({ RoleSessionName }: { RoleSessionName: string }) => ({
      Credentials: {
        AccessKeyId: "ASIATEMP",
        SecretAccessKey: "secret",
        SessionToken: "t",
        Expiration: new Date(now + HOUR),
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::210987654321:assumed-role/triage/${RoleSessionName}`,
        AssumedRoleId: `AROAEXAMPLE:${RoleSessionName}`,
      },
    }));
    const { factory } = stsRecordingFactory();
    const provider = new AwsClientProvider(roleSettings({ roleArn: ROLE }), factory, () => now);
    expect(await provider.roleIdentity()).toEqual({
      Account: "210987654321",
      Arn: `arn:aws:sts::210987654321:assumed-role/triage/${roleSessionName()}`,
      UserId: `AROAEXAMPLE:${roleSessionName()}`,
    });
    await provider.client("ec2", "us-east-1").then(() => provider.roleIdentity());
    expect(sts.calls()).toHaveLength(1);
    // Without a role there is no assumed identity (GetCallerIdentity is asked instead).
    expect(await new AwsClientProvider(roleSettings(), factory, () => now).roleIdentity()).toBeUndefined();
  });

  it("maps a denied AssumeRole to an AWS failure naming the operation (exit 4)", async () => {
    sts.on(AssumeRoleCommand).rejects(
      sdkError("AccessDenied", 403, {
        service: STSServiceException,
        message: "not authorized to perform sts:AssumeRole",
      }),
    );
    const { factory, configs } = stsRecordingFactory();
    const provider = new AwsClientProvider(roleSettings({ roleArn: ROLE }), factory, () => now);
    await provider.client("ec2", "us-east-1");
    await expect(configs[0]?.config.credentials()).rejects.toMatchObject({
      exitCode: ExitCode.aws,
      message: expect.stringMatching(/access denied: sts AssumeRole in eu-central-1/),
    });
  });
});

describe("AwsClientProvider call limits", () => {
  /** Runs `calls` (service, region) through provider.call, each held until the test lets it go. */
  async function inFlight(provider: AwsClientProvider, calls: Array<[string, string]>) {
    let current = 0;
    let max = 0;
    const perEndpoint = new Map<string, number>();
    let maxPerEndpoint = 0;
    const release: Array<() => void> = [];
    const all = calls.map(([service, region]) =>
      provider.call(service as "ec2", region, "Test", async () => {
        const key = `${service}@${region}`;
        current += 1;
        perEndpoint.set(key, (perEndpoint.get(key) ?? 0) + 1);
        max = Math.max(max, current);
        maxPerEndpoint = Math.max(maxPerEndpoint, perEndpoint.get(key) ?? 0);
        await new Promise<void>((resolve) => release.push(resolve));
        current -= 1;
        perEndpoint.set(key, (perEndpoint.get(key) ?? 0) - 1);
      }),
    );
    for (let settled = 0; settled < calls.length; ) {
      await new Promise((r) => setTimeout(r, 0));
      const next = release.shift();
      if (next) {
        next();
        settled += 1;
      }
    }
    await Promise.all(all);
    return { max, maxPerEndpoint };
  }

  const provider = (concurrency: number) =>
    new AwsClientProvider(roleSettings({ concurrency }), async () => ({}) as never);

  it("never sends more than a small bound of calls to one regional endpoint, whatever --concurrency is", async () => {
    const { max, maxPerEndpoint } = await inFlight(
      provider(16),
      Array.from({ length: 8 }, () => ["ec2", "us-east-1"] as [string, string]),
    );
    expect(maxPerEndpoint).toBe(MAX_CALLS_PER_ENDPOINT);
    expect(max).toBe(MAX_CALLS_PER_ENDPOINT);
  });

  it("lets calls to different endpoints overlap up to --concurrency, and no further", async () => {
    const calls: Array<[string, string]> = [];
    for (const region of ["us-east-1", "eu-west-1", "ap-south-1"])
      for (const service of ["ec2", "logs"]) calls.push([service, region]);
    expect((await inFlight(provider(4), calls)).max).toBe(4);
    expect((await inFlight(provider(16), calls)).max).toBe(calls.length);
  });
});
