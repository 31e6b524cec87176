/**
 * Throttling, dropped connections and endpoints that never answer, against the built CLI.
 * Faults come from the loopback proxy in front of moto_server (bounded: the first N calls of
 * one action) or from loopback endpoints that refuse, hang, or never complete a connection.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startMoto } from "../helpers/moto.js";
import { firstCalls, startProxy, type Proxy } from "../helpers/proxy.js";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { jsonOut, runCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { runInstances } from "../helpers/seed.js";
import { closedPort, fullBacklogListener, silentServer } from "../helpers/unresponsive.js";

const moto = await startMoto();

/** Generous: the runs below take seconds; this only proves they end on their own. */
const ENDS_WITHIN_MS = 45_000;

describe.skipIf(moto === undefined)("throttling and dropped connections through the proxy", () => {
  let proxy: Proxy;
  let sandbox: AwsSandbox;
  let instances: string[];
  const injected = { throttle: 0, drop: 0, hang: 0 };
  /** Adds the proxy's counts to the file's total (printed at the end) before they are reset. */
  const tally = () => {
    for (const kind of ["throttle", "drop", "hang"] as const) injected[kind] += proxy.injected[kind];
  };

  beforeAll(async () => {
    proxy = await startProxy(moto!.endpoint);
    instances = await runInstances(moto!.endpoint, "us-east-1", 3);
  });
  afterAll(async () => {
    process.stderr.write(`faults.test.ts injected: ${JSON.stringify(injected)}\n`);
    await proxy?.close();
    await moto?.stop();
  });
  afterEach(() => tally());
  beforeEach(() => {
    sandbox?.cleanup();
    sandbox = createSandbox([{ name: "moto", region: "us-east-1", endpoint: proxy.endpoint }]);
    proxy.reset();
  });

  const cacheFile = () => join(sandbox.cacheDir, "ec2", "moto", "us-east-1", "instances.json");

  it("succeeds with the right instances when --max-attempts outlasts EC2 throttling (RequestLimitExceeded, 503)", async () => {
    proxy.setFaults(firstCalls(2, "throttle", "DescribeInstances"));
    const result = await runCli(["ec2", "list", "--max-attempts", "4"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.instanceId).sort()).toEqual([...instances].sort());
    expect(proxy.injected.throttle).toBe(2);
    expect(proxy.count("DescribeInstances")).toBe(3);
    expect(JSON.parse(readFileSync(cacheFile(), "utf8")).items).toHaveLength(3);
  });

  it("exits 4 saying it was throttled when --max-attempts runs out, after exactly that many attempts", async () => {
    proxy.setFaults(firstCalls(10, "throttle", "DescribeInstances"));
    const result = await runCli(["ec2", "list", "--max-attempts", "2"], sandbox.env);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/throttled by AWS: ec2 DescribeInstances in us-east-1 .*RequestLimitExceeded after 2 attempts/);
    expect(result.stderr).toMatch(/raise --max-attempts/);
    expect(result.stderr).not.toMatch(STACK_FRAME_RE);
    expect(proxy.count("DescribeInstances")).toBe(2);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it("retries dropped connections and succeeds with the right instances", async () => {
    proxy.setFaults(firstCalls(2, "drop", "DescribeInstances"));
    const result = await runCli(["ec2", "list", "--max-attempts", "4"], sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.instanceId).sort()).toEqual([...instances].sort());
    expect(proxy.injected.drop).toBe(2);
    expect(proxy.count("DescribeInstances")).toBe(3);
  });

  it("exits 4 naming the endpoint when connections keep dropping", async () => {
    proxy.setFaults(firstCalls(10, "drop", "DescribeInstances"));
    const result = await runCli(["ec2", "list", "--max-attempts", "2"], sandbox.env);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`at ${proxy.endpoint}`);
    expect(result.stderr).toMatch(/connection dropped, 2 attempts/);
    expect(proxy.count("DescribeInstances")).toBe(2);
  });

  it("outlasts STS throttling (Throttling, 400) in whoami, and exits 4 throttled with one attempt", async () => {
    proxy.setFaults(firstCalls(1, "throttle", "GetCallerIdentity"));
    const ok = await runCli(["whoami", "--max-attempts", "3"], sandbox.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOut(ok)[0]).toMatchObject({ account: "123456789012" });
    expect(proxy.count("GetCallerIdentity")).toBe(2);

    tally();
    proxy.reset();
    proxy.setFaults(firstCalls(10, "throttle", "GetCallerIdentity"));
    const failed = await runCli(["whoami", "--force", "--max-attempts", "1"], sandbox.env);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toMatch(/throttled by AWS: sts GetCallerIdentity .*Throttling after 1 attempt/);
    expect(proxy.count("GetCallerIdentity")).toBe(1);
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
    const result = await runCli(["ec2", "list", "--max-attempts", "2"], withEndpoint(endpoint), { timeoutMs: ENDS_WITHIN_MS + 10_000 });
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
      const env = withEndpoint(listener.endpoint, { AWSTRIAGE_CONNECT_TIMEOUT_MS: "500", AWSTRIAGE_REQUEST_TIMEOUT_MS: "600000" });
      const result = await runCli(["whoami", "--max-attempts", "2"], env, { timeoutMs: ENDS_WITHIN_MS + 10_000 });
      expect(result.code, result.stderr).toBe(4);
      expect(result.elapsedMs).toBeLessThan(ENDS_WITHIN_MS);
      expect(result.stderr).toContain(`endpoint unreachable: sts GetCallerIdentity in us-east-1 at ${listener.endpoint}`);
    } finally {
      await listener.close();
    }
  });

  it("rejects a malformed timeout override with exit 3 naming the variable", async () => {
    const result = await runCli(["ec2", "list"], withEndpoint(await closedPort(), { AWSTRIAGE_REQUEST_TIMEOUT_MS: "soon" }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/AWSTRIAGE_REQUEST_TIMEOUT_MS must be a whole number of milliseconds/);
  });
});
