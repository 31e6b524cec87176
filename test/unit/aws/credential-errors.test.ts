/**
 * Credential failures end as exit 3 with the fix, through the real wrappers and provider
 * (SDK clients mocked with aws-sdk-client-mock) and the top-level handler `reportError`.
 * One more case goes through the SDK's real credential chain: an SSO profile whose cached
 * login has expired (no network: the chain stops at the expired token).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { EC2Client, EC2ServiceException } from "@aws-sdk/client-ec2";
import { ExpiredTokenException, GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsClientProvider, type ProviderSettings } from "../../../src/aws/provider.js";
import { describeInstances } from "../../../src/aws/ec2.js";
import { getCallerIdentity } from "../../../src/aws/sts.js";
import { toDomainError } from "../../../src/aws/error-classification.js";
import { ConfigError, ExitCode } from "../../../src/errors/errors.js";
import { reportError } from "../../../src/main.js";
import { STACK_FRAME_RE } from "../../helpers/cli.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";
import { sdkError } from "../../helpers/sdk-error.js";

function provider(over: Partial<ProviderSettings> = {}): AwsClientProvider {
  return new AwsClientProvider({
    profile: "ops",
    maxAttempts: 1,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 1000,
    sso: false,
    homeRegion: "us-east-1",
    endpointUrl: "http://127.0.0.1:1",
    ...over,
  });
}

const meta = { httpStatusCode: 403, requestId: "r", attempts: 1, totalRetryDelay: 0 };
const ec2Error = (name: string) =>
  sdkError(name, 400, { service: EC2ServiceException, metadata: meta, message: `${name} message` });
const stsError = (name: string) =>
  sdkError(name, meta.httpStatusCode, { service: STSServiceException, metadata: meta, message: `${name} message` });
/** What the SDK's credential chain throws (its class is internal to the SDK). */
const chainError = (name: string, message: string) => Object.assign(new Error(message), { name, tryNextLink: false });

interface Case {
  name: string;
  service: "ec2" | "sts";
  error: () => Error;
  sso: boolean;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: "ExpiredToken (EC2)",
    service: "ec2",
    error: () => ec2Error("ExpiredToken"),
    sso: false,
    message: /are expired \(ExpiredToken from ec2 DescribeInstances in us-east-1\)/,
  },
  {
    name: "ExpiredTokenException (STS, modelled)",
    service: "sts",
    error: () => new ExpiredTokenException({ $metadata: meta, message: "expired" }),
    sso: false,
    message: /are expired \(ExpiredTokenException from sts GetCallerIdentity/,
  },
  {
    name: "InvalidClientTokenId (STS)",
    service: "sts",
    error: () => stsError("InvalidClientTokenId"),
    sso: false,
    message: /are invalid or missing \(InvalidClientTokenId/,
  },
  {
    name: "UnrecognizedClientException",
    service: "ec2",
    error: () => ec2Error("UnrecognizedClientException"),
    sso: false,
    message: /are invalid or missing \(UnrecognizedClientException/,
  },
  {
    name: "AuthFailure (EC2)",
    service: "ec2",
    error: () => ec2Error("AuthFailure"),
    sso: false,
    message: /are invalid or missing \(AuthFailure/,
  },
  {
    name: "SSO session expired (credential chain)",
    service: "ec2",
    error: () =>
      chainError(
        "CredentialsProviderError",
        "The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.",
      ),
    sso: true,
    message:
      /could not be loaded \(CredentialsProviderError from ec2 DescribeInstances in us-east-1\): The SSO session associated with this profile has expired/,
  },
  {
    name: "SSO token expired (token provider)",
    service: "sts",
    error: () =>
      chainError(
        "TokenProviderError",
        "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      ),
    sso: true,
    message: /could not be loaded \(TokenProviderError/,
  },
  {
    name: "SSO portal rejects the token (UnauthorizedException)",
    service: "ec2",
    error: () => ec2Error("UnauthorizedException"),
    sso: true,
    message: /are expired \(UnauthorizedException/,
  },
  {
    name: "ExpiredToken on an SSO profile",
    service: "ec2",
    error: () => ec2Error("ExpiredToken"),
    sso: true,
    message: /are expired/,
  },
];

const mockEc2 = () => mockClient(EC2Client);
const mockSts = () => mockClient(STSClient);
let ec2Mock: ReturnType<typeof mockEc2>;
let stsMock: ReturnType<typeof mockSts>;

async function callWrapper(c: Case): Promise<unknown> {
  const p = provider({ sso: c.sso });
  if (c.service === "ec2") {
    ec2Mock.onAnyCommand().rejects(c.error());
    return describeInstances(p, "us-east-1").catch((e: unknown) => e);
  }
  stsMock.on(GetCallerIdentityCommand).rejects(c.error());
  return getCallerIdentity(p, "us-east-1").catch((e: unknown) => e);
}

describe("credential failures map to exit 3 with the fix", () => {
  beforeEach(() => {
    ec2Mock = mockEc2();
    stsMock = mockSts();
  });
  afterEach(() => {
    ec2Mock.restore();
    stsMock.restore();
  });

  it.each(cases)("$name", async (c) => {
    const error = await callWrapper(c);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(ExitCode.config);
    expect((error as Error).message).toMatch(/^credentials for profile "ops" /);
    expect((error as Error).message).toMatch(c.message);
    expect((error as ConfigError).suggestion).toBe(
      c.sso
        ? "run `aws sso login --profile ops` and try again"
        : 'refresh or fix the credentials of profile "ops" (for example `aws configure --profile ops`)',
    );

    // The top-level handler: two lines, the fix on the second, exit 3, no stack trace...
    let text = "";
    expect(reportError(error, ["node", "awstriage", "ec2", "list"], (t) => Boolean((text += t)))).toBe(3);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^awstriage: credentials for profile "ops" /);
    expect(lines[1]).toMatch(
      c.sso ? /^ {2}→ run `aws sso login --profile ops`/ : /^ {2}→ refresh or fix the credentials/,
    );
    expect(text).not.toMatch(STACK_FRAME_RE);
    // ...unless asked for with --log-level debug.
    let debug = "";
    reportError(error, ["node", "awstriage", "--log-level", "debug", "ec2", "list"], (t) => Boolean((debug += t)));
    expect(debug).toMatch(STACK_FRAME_RE);
  });

  it("access denied is not a credential failure: exit 4", async () => {
    ec2Mock.onAnyCommand().rejects(ec2Error("UnauthorizedOperation"));
    const error = await describeInstances(provider(), "us-east-1").catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 4, kind: "access-denied" });
  });
});

describe("through the SDK's real credential chain", () => {
  const saved: Record<string, string | undefined> = {};
  let home: string;
  const startUrl = "https://example.awsapps.com/start";

  beforeAll(() => {
    home = makeTempDir("sso");
    writeFileSync(
      join(home, "config"),
      [
        "[profile sso-dev]",
        `sso_start_url = ${startUrl}`,
        "sso_region = us-east-1",
        "sso_account_id = 123456789012",
        "sso_role_name = ReadOnly",
        "region = us-east-1",
        "",
      ].join("\n"),
    );
    const cache = join(home, ".aws", "sso", "cache");
    mkdirSync(cache, { recursive: true });
    const file = `${createHash("sha1").update(startUrl).digest("hex")}.json`;
    writeFileSync(
      join(cache, file),
      JSON.stringify({
        startUrl,
        region: "us-east-1",
        accessToken: "expired-token",
        expiresAt: "2020-01-01T00:00:00Z",
      }),
    );
    for (const key of [
      "HOME",
      "AWS_CONFIG_FILE",
      "AWS_SHARED_CREDENTIALS_FILE",
      "AWS_PROFILE",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_EC2_METADATA_DISABLED",
    ]) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    Object.assign(process.env, {
      HOME: home,
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
    });
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    removeTempDir(home);
  });
  it("an SSO profile whose cached login has expired: exit 3, `aws sso login --profile sso-dev`", async () => {
    const error = await describeInstances(provider({ profile: "sso-dev", sso: true }), "us-east-1").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^credentials for profile "sso-dev" could not be loaded \(CredentialsProviderError .*\): .*SSO session .* expired/,
    );
    expect((error as ConfigError).suggestion).toBe("run `aws sso login --profile sso-dev` and try again");
  });
});

describe("exported credentials that AWS rejects", () => {
  it("name the exported keys and say to export fresh ones, not to configure a profile", () => {
    const error = toDomainError(sdkError("ExpiredTokenException", 400), {
      service: "ec2",
      operation: "DescribeInstances",
      region: "us-east-1",
      profile: "env",
      environment: true,
    }) as ConfigError;
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.message).toMatch(
      /^the exported credentials \(AWS_ACCESS_KEY_ID\) are expired \(ExpiredTokenException/,
    );
    expect(error.suggestion).toBe(
      "export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or pass --profile <name>)",
    );
  });
});
