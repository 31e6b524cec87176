/**
 * Answers that are not AWS's (issue 17, item 4): an empty 200, a captive portal's HTML page with
 * 200, a bare HTTP 500. None may become an empty inventory, an account of null, or a cache
 * entry that `--offline` would serve for good. Faults come from the proxy in front of moto.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { firstCalls } from "../helpers/proxy.js";
import { STACK_FRAME_RE } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { runInstances } from "../helpers/seed.js";
import { instancesCacheFile, motoSuite } from "../helpers/suite.js";

const moto = await startMoto();

describe.skipIf(moto === undefined)("answers without a request id are failed calls", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await runInstances(endpoint, "us-east-1", 2);
  });

  it.each([
    { fault: "empty-200" as const, answer: /got HTTP 200 with an empty body and no request id/ },
    { fault: "html-200" as const, answer: /got HTTP 200 with \d+ bytes and no request id/ },
  ])("$fault from EC2: exit 4 naming the endpoint, nothing printed, nothing cached", async ({ fault, answer }) => {
    suite.proxy.setFaults(firstCalls(10, fault, "DescribeInstances"));
    const result = await runInProcess(["ec2", "list", "--max-attempts", "2"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `not an AWS answer: ec2 DescribeInstances in us-east-1 at ${suite.proxy.endpoint} got HTTP 200`,
    );
    expect(result.stderr).toMatch(answer);
    expect(result.stderr).not.toMatch(STACK_FRAME_RE);
    expect(existsSync(instancesCacheFile(suite.sandbox))).toBe(false);
    const offline = await runInProcess(["ec2", "list", "--offline"], suite.sandbox.env);
    expect(offline.code, offline.stderr).toBe(5);
  });

  it("an HTML 200 from a JSON service (Lambda) is the same failure, not a parse error", async () => {
    suite.proxy.setFaults((call) => (call.service === "lambda" ? "html-200" : "pass"));
    const result = await runInProcess(["lambda", "list", "--max-attempts", "1"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain("not an AWS answer: lambda ListFunctions in us-east-1");
    expect(existsSync(join(suite.sandbox.cacheDir, "lambda"))).toBe(false);
  });

  it("whoami with an empty 200 from STS exits 4 instead of reporting account null", async () => {
    suite.proxy.setFaults(firstCalls(10, "empty-200", "GetCallerIdentity"));
    const result = await runInProcess(["whoami", "--max-attempts", "1"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).not.toContain('"account": null');
    expect(result.stderr).toContain("not an AWS answer: sts GetCallerIdentity");
    expect(existsSync(join(suite.sandbox.cacheDir, "sts"))).toBe(false);
  });

  it("a constant HTTP 500 names the status and the endpoint, not Unknown: Unknown", async () => {
    suite.proxy.setFaults(firstCalls(10, "status-500", "DescribeInstances"));
    const result = await runInProcess(["ec2", "list", "--max-attempts", "2"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toContain(
      `ec2 DescribeInstances in us-east-1 failed with HTTP 500 from ${suite.proxy.endpoint}`,
    );
    expect(result.stderr).not.toContain("Unknown");
    expect(suite.proxy.count("DescribeInstances")).toBe(2); // a 500 is retried like any server error
  });

  it("a real answer after a non-answer is cached as usual (the check passes AWS's answers)", async () => {
    const result = await runInProcess(["ec2", "list"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(suite.sandbox.cacheDir, "ec2", "moto", "us-east-1"))).toContain("instances.json");
  });
});
