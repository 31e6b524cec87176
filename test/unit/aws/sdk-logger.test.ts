/** The SDK's own warnings reach stderr through the logger, on one line (issue 25.4). */
import { describe, expect, it, vi } from "vitest";
import { sdkLogger, sdkText } from "../../../src/aws/sdk-logger.js";
import type { Logger } from "../../../src/output/log.js";

const MULTIPLE = `@aws-sdk/credential-provider-node - defaultProvider::fromEnv WARNING:
    Multiple credential sources detected: 
    Both AWS_PROFILE and the pair AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY static credentials are set.
    This SDK will proceed with the AWS_PROFILE value.
`;

describe("sdkLogger", () => {
  it("turns the SDK's multi-line warning into one warn line without its lead", () => {
    const warn = vi.fn();
    const debug = vi.fn();
    const log = { warn, debug, trace: vi.fn() } as unknown as Logger;
    sdkLogger(log).warn(MULTIPLE);
    expect(warn).toHaveBeenCalledTimes(1);
    const [line] = warn.mock.calls[0] as [string];
    expect(line).not.toContain("\n");
    expect(line).toMatch(/^aws sdk: Multiple credential sources detected: Both AWS_PROFILE and the pair/);
    sdkLogger(log).info("trying", { a: 1 });
    expect(debug).toHaveBeenCalledWith('aws sdk: trying {"a":1}');
  });

  it("sdkText joins parts and errors", () => {
    expect(sdkText(["a\n  b", new Error("boom")])).toBe("a b boom");
  });
});

describe("the credential chain gets the logger", () => {
  it("profileCredentials hands defaultProvider a logger whose warn reaches ours", async () => {
    const seen: Array<Record<string, unknown>> = [];
    vi.doMock("@aws-sdk/credential-provider-node", () => ({
      defaultProvider: (init: Record<string, unknown>) => {
        seen.push(init);
        (init.logger as { warn(t: string): void }).warn(MULTIPLE);
        return async () => ({ accessKeyId: "AKIA", secretAccessKey: "s" });
      },
    }));
    const { profileCredentials } = await import("../../../src/aws/credentials.js");
    const warn = vi.fn();
    const log = { warn, debug: vi.fn(), trace: vi.fn() } as unknown as Logger;
    const provider = profileCredentials("sso-user", new Map(), 5_000, undefined, log);
    await expect(provider()).resolves.toMatchObject({ accessKeyId: "AKIA" });
    expect(seen[0]).toMatchObject({ profile: "sso-user" });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^aws sdk: Multiple credential sources detected/));
    vi.doUnmock("@aws-sdk/credential-provider-node");
  });
});
