/**
 * Unit tests that need a real `Run`: a throwaway AWS config with one static-key profile, a
 * private cache, and a logger whose lines the test can read. SDK clients are mocked by the
 * test itself (aws-sdk-client-mock), so nothing here ever reaches the network.
 */
import { afterEach, beforeEach } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { EC2Client } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/log.js";
import { parseGlobalOptions } from "../../src/options.js";
import { Run, type RunDeps } from "../../src/run.js";

export const UNIT_PROFILE = "unit";
export const UNIT_ACCOUNT = "123456789012";

export interface UnitSandbox {
  dir: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  /** Log lines (pino JSON) the runs of this sandbox wrote. */
  logs: string[];
  cleanup(): void;
}

export function unitSandbox(): UnitSandbox {
  const dir = mkdtempSync(join(tmpdir(), "awstriage-unit-"));
  const configFile = join(dir, "config");
  writeFileSync(configFile, `[profile ${UNIT_PROFILE}]\nregion = us-east-1\naws_access_key_id = unit\naws_secret_access_key = unit\n`);
  return {
    dir,
    cacheDir: join(dir, "cache"),
    env: { HOME: dir, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), AWS_PROFILE: UNIT_PROFILE },
    logs: [],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A Run as a command would build it; `flags` are the raw global options (commander names). */
export function unitRun(sandbox: UnitSandbox, flags: Record<string, unknown> = {}, deps: RunDeps = {}): Promise<Run> {
  const options = parseGlobalOptions({ cacheDir: sandbox.cacheDir, output: "json", ...flags }, sandbox.env, false);
  const logger = createLogger("debug", { write: (line: string) => void sandbox.logs.push(line) }, {});
  return Run.create(options, { env: sandbox.env, logger, ...deps });
}

/**
 * For a `describe` whose tests run commands against mocked EC2 and STS: the mocks are
 * installed by the suite and reset before each test (STS then answers GetCallerIdentity
 * for UNIT_ACCOUNT), and each test gets a fresh sandbox.
 */
export function mockedAws() {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  let sandbox: UnitSandbox | undefined;
  beforeEach(() => {
    ec2.reset();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: UNIT_ACCOUNT, Arn: `arn:aws:iam::${UNIT_ACCOUNT}:user/${UNIT_PROFILE}`, UserId: "AIDAUNIT" });
    sandbox = unitSandbox();
  });
  afterEach(() => sandbox?.cleanup());
  return {
    ec2,
    sts,
    get sandbox() {
      return sandbox as UnitSandbox;
    },
  };
}
