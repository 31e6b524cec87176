/** Named errors: each cause's exit code, message and suggestion come from one table. */
import { describe, expect, it } from "vitest";
import { CAUSES } from "../../../src/errors/causes.js";
import {
  AwsApiError,
  AwstriageError,
  ConfigError,
  ExitCode,
  fail,
  isCause,
  OfflineMissError,
  partialFailureExitCode,
} from "../../../src/errors/errors.js";
import { classifyError, NETWORK_FAILURES, toDomainError } from "../../../src/aws/error-classification.js";
import { sdkError } from "../../helpers/sdk-error.js";

const site = { service: "ec2", operation: "DescribeInstances", region: "eu-west-1", profile: "ops" };

describe("named errors", () => {
  it("builds the class that matches the cause's exit code, and names the cause in `code`", () => {
    const notFound = fail("ProfileNotFound", { profile: "x", configFile: "/c", credentialsFile: "/k" });
    expect(notFound).toBeInstanceOf(ConfigError);
    expect([notFound.code, notFound.exitCode]).toEqual(["ProfileNotFound", ExitCode.config]);
    expect(notFound.message).toBe('profile "x" not found in /c or /k');
    expect(notFound.suggestion).toBe("check the name with `aws configure list-profiles`, or set AWS_CONFIG_FILE");
    expect(fail("OfflineEmptyCache", { root: "/r" })).toBeInstanceOf(OfflineMissError);
    const throttled = fail("Throttled", { where: "w", error: "Throttling", attempts: "3 attempts" }, { region: "r" });
    expect(throttled).toBeInstanceOf(AwsApiError);
    expect([(throttled as AwsApiError).kind, (throttled as AwsApiError).region]).toEqual(["throttled", "r"]);
  });

  it("gives every cause an exit code from DESIGN.md and a message", () => {
    const codes = new Set<number>(Object.values(ExitCode));
    for (const [name, cause] of Object.entries(CAUSES)) {
      expect(codes.has(cause.exitCode), name).toBe(true);
      expect(typeof cause.message, name).toBe("function");
    }
  });

  it("names the same cause from the classifier as from a throw site", () => {
    const error = toDomainError(sdkError("ThrottlingException", 400, "x"), site);
    expect(isCause(error, "Throttled")).toBe(true);
    expect(isCause(error, "AccessDenied")).toBe(false);
  });

  it("leaves an awstriage error unchanged when it passes through the classifier again", () => {
    const original = fail("NoProfile", {});
    expect(toDomainError(original, site)).toBe(original);
  });

  it("classifies every network failure it can describe as unreachable, and describes it", () => {
    for (const [code, text] of Object.entries(NETWORK_FAILURES)) {
      const error = Object.assign(new Error("socket"), { code });
      expect(classifyError(error), code).toBe("unreachable");
      expect((toDomainError(error, site) as Error).message).toContain(`${code}: ${text}`);
    }
  });

  it("says an answer the SDK could not parse (an HTML page) is an HTTP failure or not AWS, never a SyntaxError", () => {
    const unparsable = (name: string, httpStatusCode: number) =>
      Object.assign(new Error("Unexpected token '<', \"<!doctype \"... is not valid JSON"), {
        name,
        $metadata: { httpStatusCode, attempts: 1 },
      });
    const page = toDomainError(unparsable("SyntaxError", 404), site) as AwsApiError;
    expect(page.message).toBe(
      "AWS error: ec2 DescribeInstances in eu-west-1 failed with HTTP 404 from the default AWS endpoint, with no AWS error code in the answer, after 1 attempt (--max-attempts)",
    );
    expect([isCause(page, "HttpFailure"), page.kind]).toEqual([true, "api"]);
    expect(isCause(toDomainError(unparsable("Error", 500), site), "HttpFailure")).toBe(true);
    expect(isCause(toDomainError(unparsable("SyntaxError", 200), site), "NotAnAwsAnswer")).toBe(true);
    // A service's own exception keeps its name, whatever its status.
    expect(classifyError(Object.assign(sdkError("ValidationError", 400), { $fault: "client" }))).toBe("api");
    // A parser error that never met an answer stays a bug (exit 1).
    expect(classifyError(new SyntaxError("x"))).toBe("unknown");
  });

  it("makes a credentials error in part of a run an AWS failure of that part (exit 4), and keeps others", () => {
    expect(
      partialFailureExitCode(
        fail("CredentialsRejected", { where: "w", profile: "p", sso: false, error: "AuthFailure" }),
      ),
    ).toBe(ExitCode.aws);
    expect(partialFailureExitCode(new AwstriageError("m", ExitCode.offlineMiss))).toBe(ExitCode.offlineMiss);
  });
});
