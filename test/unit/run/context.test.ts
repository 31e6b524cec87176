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
    ["emulated", { region: "xx-made-1", endpoint_url: "http://127.0.0.1:1" }],
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

describe("region names AWS does not have", () => {
  it("--region us-est-1 is exit 2 with a did-you-mean, before anything else happens", () => {
    const error = refusal({ region: "us-est-1", profile: "ops" }, {});
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe('unknown region "us-est-1": AWS has no region of that name');
    expect(error.suggestion).toMatch(/^did you mean us-east-1\? /);
    // One bad name in a list is enough; the good ones do not hide it.
    expect(refusal({ region: "eu-west-1,eu-wset-1", profile: "ops" }, {}).suggestion).toMatch(
      /did you mean eu-west-1\?/,
    );
  });

  it("a name with nothing close gets no guess, and real names of every partition pass", () => {
    expect(refusal({ region: "zz-nowhere-9", profile: "ops" }, {}).suggestion).not.toMatch(/did you mean/);
    expect(contextOf({ region: "cn-north-1,us-gov-west-1,il-central-1", profile: "ops" }, {}).regions).toEqual([
      "cn-north-1",
      "il-central-1",
      "us-gov-west-1",
    ]);
  });

  it("an unknown default region (AWS_REGION) is exit 3 with the guess", () => {
    const error = refusal({ profile: "ops" }, { AWS_REGION: "us-est-1" });
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.suggestion).toMatch(/^did you mean us-east-1\? /);
  });

  it("with a custom endpoint any well-formed name passes: --endpoint-url, AWS_ENDPOINT_URL(_EC2), endpoint_url", () => {
    const region = { region: "us-test-9" };
    expect(contextOf({ ...region, profile: "ops", endpointUrl: "http://127.0.0.1:1" }, {}).regions).toEqual([
      "us-test-9",
    ]);
    expect(contextOf({ ...region, profile: "ops" }, { AWS_ENDPOINT_URL: "http://127.0.0.1:1" }).regions).toEqual([
      "us-test-9",
    ]);
    expect(contextOf({ ...region, profile: "ops" }, { AWS_ENDPOINT_URL_EC2: "http://127.0.0.1:1" }).regions).toEqual([
      "us-test-9",
    ]);
    expect(contextOf({ ...region, profile: "emulated" }, {}).regions).toEqual(["us-test-9"]);
    expect(contextOf({ profile: "emulated" }, {}).regions).toEqual(["xx-made-1"]);
  });

  it("--offline asks nothing, so it checks nothing", () => {
    expect(contextOf({ region: "us-test-9", profile: "ops", offline: true }, {}).regions).toEqual(["us-test-9"]);
  });
});
