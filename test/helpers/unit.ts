/** Unit-test helpers: a provider whose SDK clients aws-sdk-client-mock can stub, a sandbox and an Invocation. */
import { afterEach, beforeEach, vi } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { EC2Client } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { AwsClientProvider } from "../../src/aws/provider.js";
import { createLogger } from "../../src/output/log.js";
import { parseGlobalOptions } from "../../src/options/options.js";
import { Invocation } from "../../src/run/invocation.js";
import { openInvocation } from "../../src/commands/open-invocation.js";
import { silentProgress } from "../../src/output/progress.js";
import { makeTempDir, removeTempDir } from "./temp-dir.js";

export function testProvider(): AwsClientProvider {
  return new AwsClientProvider({
    profile: "unit",
    maxAttempts: 1,
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 1_000,
    sso: false,
    homeRegion: "us-east-1",
    endpointUrl: "http://127.0.0.1:9", // never reached: every client's send is stubbed
  });
}

export const UNIT_ACCOUNT = "123456789012";

/** A throwaway AWS config (profile "unit", us-east-1, static keys) and an empty cache. */
export interface UnitSandbox {
  dir: string;
  cacheDir: string;
  /** What a user's shell would have, AWS_PROFILE included (main() reads the process environment). */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function unitSandbox(): UnitSandbox {
  const dir = makeTempDir("unit");
  const configFile = join(dir, "config");
  writeFileSync(
    configFile,
    "[profile unit]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n",
  );
  return {
    dir,
    cacheDir: join(dir, "cache"),
    env: {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      HOME: dir,
      AWS_PROFILE: "unit",
    },
    cleanup: () => removeTempDir(dir),
  };
}

export interface UnitRun {
  run: Invocation;
  /** Log lines written so far (human format). */
  logs(): string;
  cacheDir: string;
  cleanup(): void;
}

/**
 * A real Invocation over a throwaway AWS config and cache (profile "unit", us-east-1), logging to
 * memory. SDK calls go to whatever aws-sdk-client-mock stubs the test installed. Runs given
 * the same `sandbox` share its config and cache, as successive commands of a user would.
 */
export async function unitRun(
  extra: Record<string, unknown> = {},
  sandbox: UnitSandbox = unitSandbox(),
): Promise<UnitRun> {
  const { dir, env, cacheDir } = sandbox;
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  const options = parseGlobalOptions(
    { profile: "unit", cacheDir, endpointUrl: "http://127.0.0.1:9", maxAttempts: "1", ...extra },
    env,
    false,
  );
  const run = await openInvocation(options, { env, logger: createLogger("info", sink, {}), progress: silentProgress });
  return { run, logs: () => text, cacheDir, cleanup: () => removeTempDir(dir) };
}

/**
 * For a `describe` whose tests run commands against mocked EC2 and STS: the mocks are
 * installed by the suite and reset before each test (STS then answers GetCallerIdentity
 * for UNIT_ACCOUNT), and each test gets a fresh sandbox. An Invocation asks STS alongside its first
 * data call and may still be writing the identity to the cache when a failing command
 * returns; the sandbox is removed only after those writes, or they would recreate it.
 */
export function mockedAws() {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  let sandbox: UnitSandbox | undefined;
  let identities: Promise<unknown>[] = [];
  beforeEach(() => {
    identities = [];
    const identity = Invocation.prototype.identity;
    vi.spyOn(Invocation.prototype, "identity").mockImplementation(function (this: Invocation) {
      const resolving = identity.call(this);
      identities.push(resolving.catch(() => undefined));
      return resolving;
    });
    ec2.reset();
    sts.reset();
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: UNIT_ACCOUNT, Arn: `arn:aws:iam::${UNIT_ACCOUNT}:user/unit`, UserId: "AIDAUNIT" });
    // A role's session is the role's account, as STS answers (the identity is read from it).
    sts
      .on(AssumeRoleCommand)
      .callsFake(({ RoleArn, RoleSessionName }: { RoleArn: string; RoleSessionName: string }) => {
        const [, account, role] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(RoleArn) ?? [];
        return {
          Credentials: {
            AccessKeyId: "ASIAUNIT",
            SecretAccessKey: "secret",
            SessionToken: "token",
            Expiration: new Date(Date.now() + 3_600_000),
          },
          AssumedRoleUser: {
            Arn: `arn:aws:sts::${account}:assumed-role/${role}/${RoleSessionName}`,
            AssumedRoleId: `AROAUNIT:${RoleSessionName}`,
          },
        };
      });
    sandbox = unitSandbox();
  });
  afterEach(async () => {
    await Promise.all(identities);
    sandbox?.cleanup();
  });
  return {
    ec2,
    sts,
    get sandbox() {
      return sandbox as UnitSandbox;
    },
    /** An Invocation in this test's sandbox (or in `other`), as a command would build it. */
    async run(flags: Record<string, unknown> = {}, other?: UnitSandbox): Promise<Invocation> {
      return (await unitRun(flags, other ?? (sandbox as UnitSandbox))).run;
    },
  };
}
