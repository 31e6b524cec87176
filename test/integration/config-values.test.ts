/**
 * Configuration values that are the user's to fix end with exit 3 naming the value, never exit 1
 * "this is a bug" (issue 17, items 7 and 9): a garbage or ftp:// endpoint URL from the profile or
 * AWS_ENDPOINT_URL, a password in an endpoint URL (never echoed), and a bad AWS_REGION that a
 * valid --region makes irrelevant.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut, runCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { closedPort } from "../helpers/unresponsive.js";

describe("endpoint URLs from the profile or the environment", () => {
  let sandbox: AwsSandbox | undefined;
  afterEach(() => sandbox?.cleanup());

  it.each([
    { what: "a garbage endpoint_url", endpoint: "not a url", env: {}, source: 'endpoint_url of profile "p"' },
    { what: "an ftp:// endpoint_url", endpoint: "ftp://127.0.0.1:21", env: {}, source: 'endpoint_url of profile "p"' },
    {
      what: "a garbage AWS_ENDPOINT_URL",
      endpoint: undefined,
      env: { AWS_ENDPOINT_URL: "::garbage" },
      source: "AWS_ENDPOINT_URL",
    },
  ])("$what: exit 3 naming the value and where it came from", async ({ endpoint, env, source }) => {
    sandbox = createSandbox([{ name: "p", region: "us-east-1", ...(endpoint ? { endpoint } : {}) }]);
    const result = await runCli(["ec2", "list", "--max-attempts", "1"], { ...sandbox.env, ...env });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain(`invalid endpoint URL "${endpoint ?? "::garbage"}" (from ${source})`);
    expect(result.stderr).not.toMatch(STACK_FRAME_RE);
    expect(result.stderr).not.toContain("this is a bug");
  });

  it("never echoes a password in an endpoint URL", async () => {
    const port = new URL(await closedPort()).port;
    sandbox = createSandbox([{ name: "p", region: "us-east-1", endpoint: `http://user:hunter2@127.0.0.1:${port}` }]);
    const result = await runCli(["ec2", "list", "--max-attempts", "1"], sandbox.env);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`at http://user:***@127.0.0.1:${port}`);
    expect(result.stderr).not.toContain("hunter2");
  });
});

const moto = await startMoto();

describe.skipIf(moto === undefined)("a bad default region with a valid --region", () => {
  let sandbox: AwsSandbox | undefined;
  afterEach(async () => {
    sandbox?.cleanup();
  });

  it("the flag wins: exit 0", async () => {
    sandbox = createSandbox([{ name: "p", endpoint: moto?.endpoint }]);
    try {
      const result = await runCli(["whoami", "--region", "us-east-1"], { ...sandbox.env, AWS_REGION: "bad region!" });
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOut(result)[0]).toMatchObject({ account: "123456789012", region: "us-east-1" });
    } finally {
      await moto?.stop();
    }
  });
});
