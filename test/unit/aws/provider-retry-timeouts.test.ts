/**
 * The client config every SDK client gets from AwsClientProvider, checked on real clients:
 * adaptive retry with --max-attempts, and connection/request timeouts this SDK version
 * really enforces. How adaptive retry slows the client down is shown on the client's own
 * rate limiter, with an in-memory HTTP handler answering EC2 throttling errors.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DescribeInstancesCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { AwsClientProvider, type ClientFactory, type ProviderSettings } from "../../../src/aws/provider.js";
import { sdkClientFactory } from "../../../src/aws/sdk-clients.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { createLogger } from "../../../src/output/log.js";
import { fakeHttpHandler, ok, throttled, type FakeAnswer } from "../../helpers/fake-http.js";
import { silentServer } from "../../helpers/unresponsive.js";

const STATIC = { accessKeyId: "AKIDUNITTEST", secretAccessKey: "SECRETUNITTEST", sessionToken: "TOKENUNITTEST" };

function settings(over: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    profile: "unit",
    maxAttempts: 3,
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 30_000,
    sso: false,
    homeRegion: "us-east-1",
    endpointUrl: "http://127.0.0.1:1",
    ...over,
  };
}

/** The real SDK client, with static credentials and (optionally) an in-memory HTTP handler. */
function factoryWith(handler?: ReturnType<typeof fakeHttpHandler>): ClientFactory {
  return (service, config) =>
    sdkClientFactory(service, {
      ...config,
      credentials: async () => STATIC,
      ...(handler ? { requestHandler: handler as never } : {}),
    });
}

interface RateLimiterView {
  enabled: boolean;
  fillRate: number;
  minFillRate: number;
}
interface RetryStrategyView {
  mode: string;
  rateLimiter: RateLimiterView;
  maxAttemptsProvider(): Promise<number>;
}

async function retryStrategyOf(client: EC2Client): Promise<RetryStrategyView> {
  const strategy = (client.config as unknown as { retryStrategy: () => Promise<RetryStrategyView> }).retryStrategy;
  return strategy();
}

const clients: EC2Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

async function ec2(provider: AwsClientProvider): Promise<EC2Client> {
  const client = await provider.client("ec2", "us-east-1");
  clients.push(client);
  return client;
}

describe("AwsClientProvider client config", () => {
  it("builds clients in adaptive retry mode with --max-attempts, and connection/request timeouts that throw", async () => {
    const provider = new AwsClientProvider(
      settings({ maxAttempts: 7, connectTimeoutMs: 1234, requestTimeoutMs: 5678 }),
      factoryWith(),
    );
    const client = await ec2(provider);
    const strategy = await retryStrategyOf(client);
    expect(strategy.mode).toBe("adaptive");
    expect(await strategy.maxAttemptsProvider()).toBe(7);
    const handlerOptions = await (
      client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }
    ).configProvider;
    expect(handlerOptions).toMatchObject({
      connectionTimeout: 1234,
      requestTimeout: 5678,
      throwOnRequestTimeout: true,
    });
  });

  it("a server that accepts and never answers ends with an 'unreachable' error after the request timeout", async () => {
    const server = await silentServer();
    try {
      const provider = new AwsClientProvider(
        settings({ endpointUrl: server.endpoint, requestTimeoutMs: 300, maxAttempts: 1 }),
        factoryWith(),
      );
      clients.push(await provider.client("ec2", "us-east-1"));
      const error = await provider
        .call("ec2", "us-east-1", "DescribeInstances", (c) => c.send(new DescribeInstancesCommand({})))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsApiError);
      expect(error).toMatchObject({ kind: "unreachable", exitCode: 4 });
      expect((error as Error).message).toContain(`at ${server.endpoint} (ETIMEDOUT: no answer in time, 1 attempt)`);
    } finally {
      await server.close();
    }
  });
});

describe("adaptive retry under EC2 throttling (RequestLimitExceeded, HTTP 503)", () => {
  const run = async (answers: FakeAnswer[], maxAttempts: number) => {
    const handler = fakeHttpHandler(answers);
    const provider = new AwsClientProvider(settings({ maxAttempts }), factoryWith(handler));
    const client = await ec2(provider);
    const strategy = await retryStrategyOf(client);
    const outcome = await provider
      .call("ec2", "us-east-1", "DescribeInstances", (c) => c.send(new DescribeInstancesCommand({})))
      .catch((e: unknown) => e);
    return { handler, strategy, outcome };
  };

  it("a client that was never throttled sends without any client-side rate limit", async () => {
    const { handler, strategy, outcome } = await run([ok()], 3);
    expect(outcome).toMatchObject({ $metadata: { attempts: 1 } });
    expect(handler.seen).toHaveLength(1);
    expect(strategy.rateLimiter.enabled).toBe(false);
  });

  it("throttling switches on the client's token bucket at a low send rate and backs off; enough attempts succeed", async () => {
    const { handler, strategy, outcome } = await run([throttled(), throttled(), ok()], 3);
    expect(outcome).toMatchObject({ $metadata: { attempts: 3 } });
    expect((outcome as { $metadata: { totalRetryDelay: number } }).$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(handler.seen).toHaveLength(3);
    // After a throttle, every request (retries and new calls) first waits for a token; the
    // bucket refills at `fillRate` requests per second, cut on each throttle and regrown
    // (cubically) on success. With so little traffic measured, it sits at the floor.
    expect(strategy.rateLimiter.enabled).toBe(true);
    expect(strategy.rateLimiter.fillRate).toBeLessThan(5);
    expect(strategy.rateLimiter.fillRate).toBeGreaterThanOrEqual(strategy.rateLimiter.minFillRate);
  });

  it("too few attempts: exit 4, 'throttled', after exactly --max-attempts requests", async () => {
    const { handler, outcome } = await run([throttled(), throttled(), throttled(), throttled()], 2);
    expect(outcome).toBeInstanceOf(AwsApiError);
    expect(outcome).toMatchObject({ kind: "throttled", exitCode: 4 });
    expect((outcome as Error).message).toBe(
      "throttled by AWS: ec2 DescribeInstances in us-east-1 still failed with RequestLimitExceeded after 2 attempts (--max-attempts)",
    );
    expect(handler.seen).toHaveLength(2);
  });
});

describe("--log-level trace request log", () => {
  const runTraced = async (level: "trace" | "debug") => {
    const lines: string[] = [];
    const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
    const handler = fakeHttpHandler(level === "trace" ? [throttled(), ok()] : [ok()]);
    const provider = new AwsClientProvider(settings({ logger }), factoryWith(handler));
    clients.push(await provider.client("ec2", "us-east-1"));
    await provider.call("ec2", "us-east-1", "DescribeInstances", (c) => c.send(new DescribeInstancesCommand({})));
    return { text: lines.join(""), handler };
  };

  it("logs each attempt with its headers, but never the session token, the signature or the keys", async () => {
    const { text, handler } = await runTraced("trace");
    // The token really was on the wire, so the log had it to leak.
    expect(handler.seen[0]?.headers["x-amz-security-token"]).toBe(STATIC.sessionToken);
    expect(text.match(/http request/g)).toHaveLength(2);
    expect(text).toMatch(/"status":503/);
    expect(text).toMatch(/"x-amz-security-token":"<redacted>"/);
    expect(text).toMatch(/"authorization":"<redacted>"/);
    for (const secret of Object.values(STATIC)) expect(text).not.toContain(secret);
  });

  it("logs nothing of the kind below trace", async () => {
    const { text } = await runTraced("debug");
    expect(text).not.toMatch(/http request/);
  });
});
