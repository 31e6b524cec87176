/**
 * Throttling, dropped connections and endpoints that never answer, against the built CLI.
 * Faults come from the loopback proxy in front of moto_server (bounded: the first N calls of
 * one action) or from loopback endpoints that refuse, hang, or never complete a connection.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { startMoto } from "../helpers/moto.js";
import { firstCalls, type InjectedFault } from "../helpers/proxy.js";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut, runCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { runInstances } from "../helpers/seed.js";
import { instancesCacheFile, motoSuite } from "../helpers/suite.js";
import { closedPort, fullBacklogListener, silentServer } from "../helpers/unresponsive.js";

const moto = await startMoto();

/** Generous: the runs below take seconds; this only proves they end on their own. */
const ENDS_WITHIN_MS = 45_000;

describe.skipIf(moto === undefined)("throttling and dropped connections through the proxy", () => {
  let instances: string[] = [];
  const suite = motoSuite(moto, async (endpoint) => {
    instances = await runInstances(endpoint, "us-east-1", 3);
  });
  const injected: Record<"throttle" | "drop" | "hang", number> = { throttle: 0, drop: 0, hang: 0 };
  /** Adds the proxy's counts to the file's total (printed at the end) before they are reset. */
  const tally = () => {
    for (const kind of ["throttle", "drop", "hang"] as const) injected[kind] += suite.proxy.injected[kind];
  };
  afterEach(() => tally());
  afterAll(() => void process.stderr.write(`faults.test.ts injected: ${JSON.stringify(injected)}\n`));

  const ec2Faults: Array<{ fault: InjectedFault; what: string; says: RegExp }> = [
    {
      fault: "throttle",
      what: "EC2 throttling (RequestLimitExceeded, 503)",
      says: /throttled by AWS: ec2 DescribeInstances in us-east-1 .*RequestLimitExceeded after 2 attempts[\s\S]*raise --max-attempts/,
    },
    {
      fault: "drop",
      what: "dropped connections",
      says: /endpoint unreachable: ec2 DescribeInstances in us-east-1 at http:\/\/127\.0\.0\.1:\d+ \(ECONNRESET: connection dropped, 2 attempts\)/,
    },
  ];

  it.each(ec2Faults)("$what: enough --max-attempts succeeds with the right instances", async ({ fault }) => {
    suite.proxy.setFaults(firstCalls(2, fault, "DescribeInstances"));
    const result = await runCli(["ec2", "list", "--max-attempts", "4"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(
      jsonOut(result)
        .map((r) => r.instanceId)
        .sort(),
    ).toEqual([...instances].sort());
    expect(suite.proxy.injected[fault]).toBe(2);
    expect(suite.proxy.count("DescribeInstances")).toBe(3);
    expect(JSON.parse(readFileSync(instancesCacheFile(suite.sandbox), "utf8")).items).toHaveLength(3);
  });

  it.each(ec2Faults)(
    "$what: too few --max-attempts exits 4 saying so, after exactly that many attempts",
    async ({ fault, says }) => {
      suite.proxy.setFaults(firstCalls(10, fault, "DescribeInstances"));
      const result = await runCli(["ec2", "list", "--max-attempts", "2"], suite.sandbox.env);
      expect(result.code).toBe(4);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(says);
      if (fault === "drop") expect(result.stderr).toContain(`at ${suite.proxy.endpoint} (`); // the endpoint is named
      expect(result.stderr).not.toMatch(STACK_FRAME_RE);
      expect(suite.proxy.count("DescribeInstances")).toBe(2);
      expect(existsSync(instancesCacheFile(suite.sandbox))).toBe(false);
    },
  );

  it("outlasts STS throttling (Throttling, 400) in whoami, and exits 4 throttled with one attempt", async () => {
    suite.proxy.setFaults(firstCalls(1, "throttle", "GetCallerIdentity"));
    const ok = await runCli(["whoami", "--max-attempts", "3"], suite.sandbox.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOut(ok)[0]).toMatchObject({ account: "123456789012" });
    expect(suite.proxy.count("GetCallerIdentity")).toBe(2);

    tally();
    suite.proxy.reset();
    suite.proxy.setFaults(firstCalls(10, "throttle", "GetCallerIdentity"));
    const failed = await runCli(["whoami", "--force", "--max-attempts", "1"], suite.sandbox.env);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toMatch(/throttled by AWS: sts GetCallerIdentity .*Throttling after 1 attempt/);
    expect(suite.proxy.count("GetCallerIdentity")).toBe(1);
  });
});

describe("endpoints that refuse, never answer, or never accept", () => {
  let sandbox: AwsSandbox | undefined;
  const withEndpoint = (endpoint: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    sandbox?.cleanup();
    sandbox = createSandbox([{ name: "dead", region: "us-east-1", endpoint }]);
    return { ...sandbox.env, ...extraEnv };
  };
  afterAll(() => sandbox?.cleanup());

  it("a closed port: exit 4, naming the endpoint, connection refused", async () => {
    const endpoint = await closedPort();
    const result = await runCli(["ec2", "list", "--max-attempts", "2"], withEndpoint(endpoint), {
      timeoutMs: ENDS_WITHIN_MS + 10_000,
    });
    expect(result.code).toBe(4);
    expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`endpoint unreachable: ec2 DescribeInstances in us-east-1 at ${endpoint}`);
    expect(result.stderr).toMatch(/ECONNREFUSED: connection refused/);
  });

  it("a server that accepts and never answers: the request timeout ends it, exit 4 naming the endpoint", async () => {
    const server = await silentServer();
    try {
      const env = withEndpoint(server.endpoint, { AWSTRIAGE_REQUEST_TIMEOUT_MS: "1000" });
      const result = await runCli(["ec2", "list", "--max-attempts", "2"], env, { timeoutMs: ENDS_WITHIN_MS + 10_000 });
      expect(result.code, result.stderr).toBe(4);
      expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
      expect(result.stderr).toContain(`at ${server.endpoint}`);
      expect(result.stderr).toMatch(/no answer in time, 2 attempts/);
      expect(server.connections()).toBeGreaterThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it("a listener whose connections never complete: the connect timeout ends it, exit 4 naming the endpoint", async () => {
    const listener = await fullBacklogListener();
    try {
      const env = withEndpoint(listener.endpoint, {
        AWSTRIAGE_CONNECT_TIMEOUT_MS: "500",
        AWSTRIAGE_REQUEST_TIMEOUT_MS: "600000",
      });
      const result = await runCli(["whoami", "--max-attempts", "2"], env, { timeoutMs: ENDS_WITHIN_MS + 10_000 });
      expect(result.code, result.stderr).toBe(4);
      expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
      expect(result.stderr).toContain(
        `endpoint unreachable: sts GetCallerIdentity in us-east-1 at ${listener.endpoint}`,
      );
    } finally {
      await listener.close();
    }
  });
});
