/**
 * Every run ends (issue 17, item 8): an endpoint that sends headers and then one byte at a time
 * never trips the SDK's timeouts (each byte resets the idle timer); the per-attempt deadline
 * ends each attempt, and the run exits 4 after --max-attempts attempts.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { startMoto } from "../helpers/moto.js";
import { firstCalls } from "../helpers/proxy.js";
import { runCli } from "../helpers/cli.js";
import { instancesCacheFile, motoSuite } from "../helpers/suite.js";

const moto = await startMoto();

/** Generous: the run below takes about two seconds; this only proves it ends on its own. */
const ENDS_WITHIN_MS = 45_000;

describe.skipIf(moto === undefined)("a per-attempt total deadline", () => {
  const suite = motoSuite(moto, async () => undefined);

  it("a 200 that drips a byte at a time ends after --max-attempts attempts: exit 4, no answer in time", async () => {
    suite.proxy.setFaults(firstCalls(10, "drip", "DescribeInstances"));
    const env = { ...suite.sandbox.env, AWSTRIAGE_REQUEST_TIMEOUT_MS: "1000" };
    const result = await runCli(["ec2", "list", "--max-attempts", "2"], env, { timeoutMs: ENDS_WITHIN_MS + 10_000 });
    expect(result.signal).toBeNull(); // it ended on its own, not killed by the harness
    expect(result.code, result.stderr).toBe(4);
    expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.stderr).toMatch(
      /endpoint unreachable: ec2 DescribeInstances in us-east-1 .*no answer in time, 2 attempts/,
    );
    expect(suite.proxy.injected.drip).toBe(2);
    expect(existsSync(instancesCacheFile(suite.sandbox))).toBe(false);
  });
});
