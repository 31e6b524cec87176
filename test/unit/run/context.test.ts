/**
 * Which credentials a run uses: `--profile`, else AWS_PROFILE, else exported keys (DESIGN.md);
 * never `[default]` or an instance role unasked.
 */
import { describe, expect, it } from "vitest";
import { resolveContext } from "../../../src/run/context.js";
import { parseGlobalOptions } from "../../../src/options/options.js";
import type { SharedConfig } from "../../../src/aws/config-files.js";
import { AwstriageError, ExitCode } from "../../../src/errors/errors.js";

const shared = {
  configFile: "/nonexistent/config",
  credentialsFile: "/nonexistent/credentials",
  profiles: new Map([
    ["default", { region: "eu-west-1" }],
    ["ops", { region: "us-west-2" }],
  ]),
} as unknown as SharedConfig;
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAEXPORTED", AWS_SECRET_ACCESS_KEY: "secret" };

function contextOf(flags: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const full = { AWSTRIAGE_CACHE_DIR: "/nonexistent/cache", ...env };
  return resolveContext(parseGlobalOptions(flags, full, false), full, shared);
}

function refusal(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): AwstriageError {
  try {
    contextOf(flags, env);
  } catch (error) {
    if (error instanceof AwstriageError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("choosing the credentials", () => {
  it("exported keys with no profile: environment credentials, identity env, region from AWS_REGION only", () => {
    expect(contextOf({}, { ...KEYS, AWS_REGION: "ap-south-1" })).toMatchObject({
      profile: "env",
      credentials: "environment",
      regions: ["ap-south-1"],
    });
  });

  it("exported keys never borrow [default]'s region", () => {
    const error = refusal({}, KEYS);
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.message).toBe("no region for the exported credentials (AWS_ACCESS_KEY_ID)");
  });

  it("AWS_PROFILE wins over exported keys, and --profile over both", () => {
    expect(contextOf({}, { ...KEYS, AWS_PROFILE: "ops" })).toMatchObject({ profile: "ops", credentials: "profile" });
    expect(contextOf({ profile: "default" }, { ...KEYS, AWS_PROFILE: "ops" })).toMatchObject({
      profile: "default",
      credentials: "profile",
      regions: ["eu-west-1"],
    });
  });

  it("a key id without its secret (or the reverse) is not a choice: no profile, exit 3", () => {
    for (const env of [{ AWS_ACCESS_KEY_ID: "AKIA" }, { AWS_SECRET_ACCESS_KEY: "s" }, { AWS_SESSION_TOKEN: "t" }]) {
      const error = refusal({ region: "us-east-1" }, env);
      expect(error.exitCode).toBe(ExitCode.config);
      expect(error.message).toMatch(/^no AWS profile: .*no AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are exported/);
    }
  });

  it("[default] is never used without --profile default, and the suggestion names every way in", () => {
    const error = refusal({ region: "us-east-1" }, {});
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.suggestion).toMatch(/--profile default/);
    expect(error.suggestion).toMatch(/export the keys/);
  });
});
