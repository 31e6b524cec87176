/**
 * The client config every SDK client gets from AwsClientProvider, checked on real clients by
 * what they do, never by the SDK's private fields: adaptive retry with --max-attempts (how many
 * requests reach the endpoint, how long the client waits between them and before the next
 * call after throttling) and the request timeout. An in-memory HTTP handler answers EC2
 * throttling errors; the clock is vitest's fake one, so backoff costs no real time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

/** One real turn of the event loop (setImmediate is not faked): pending I/O and promises run. */
const realTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Settles `promise` on the fake clock: pending I/O and promises run first, and only when
 * nothing else can happen does the clock jump to the next timer (at least 1 ms); returns the
 * outcome and the fake time it took.
 */
async function onFakeClock<T>(
  promise: Promise<T>,
  limitMs = 600_000,
): Promise<{ outcome: T | unknown; tookMs: number }> {
  const start = Date.now();
  let settled = false;
  const outcome = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  void outcome.finally(() => {
    settled = true;
  });
  while (!settled && Date.now() - start < limitMs) {
    for (let i = 0; i < 20 && !settled; i++) await realTurn();
    if (settled) break;
    // The SDK's token bucket polls with timers due at once while it refills from the clock:
    // the clock must move for it to refill.
    const before = Date.now();
    await vi.advanceTimersToNextTimerAsync();
    if (Date.now() === before) await vi.advanceTimersByTimeAsync(1);
  }
  return { outcome: await outcome, tookMs: Date.now() - start };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const clients: EC2Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

async function ec2(provider: AwsClientProvider): Promise<EC2Client> {
  const client = await provider.client("ec2", "us-east-1");
  clients.push(client);
  return client;
}

const describeInstances = (provider: AwsClientProvider) =>
  provider.call("ec2", "us-east-1", "DescribeInstances", (c) => c.send(new DescribeInstancesCommand({})));

/** A provider over the in-memory handler, and the fake time at which each request reached it. */
async function throttledEndpoint(answers: FakeAnswer[], maxAttempts: number) {
  const handler = fakeHttpHandler(answers);
  const at: number[] = [];
  const handle = handler.handle.bind(handler);
  handler.handle = (request) => {
    at.push(Date.now());
    return handle(request);
  };
  const provider = new AwsClientProvider(settings({ maxAttempts }), factoryWith(handler));
  await ec2(provider);
  return { handler, at, provider };
}

const gaps = (at: readonly number[]) => at.slice(1).map((t, i) => t - (at[i] as number));

describe("AwsClientProvider client config", () => {
  it("retries up to --max-attempts: a throttling endpoint sees exactly that many requests", async () => {
    const { handler, provider } = await throttledEndpoint(Array.from({ length: 10 }, throttled), 7);
    const { outcome } = await onFakeClock(describeInstances(provider));
    expect(outcome).toBeInstanceOf(AwsApiError);
    expect((outcome as Error).message).toMatch(/after 7 attempts \(--max-attempts\)/);
    expect(handler.seen).toHaveLength(7);
  });

  it("a server that accepts and never answers ends with an 'unreachable' error after the request timeout, not before", async () => {
    const server = await silentServer();
    try {
      const provider = new AwsClientProvider(
        settings({ endpointUrl: server.endpoint, requestTimeoutMs: 5_000, maxAttempts: 1 }),
        factoryWith(),
      );
      clients.push(await provider.client("ec2", "us-east-1"));
      let settled = false;
      const call = describeInstances(provider).catch((e: unknown) => e);
      void call.finally(() => {
        settled = true;
      });
      // Real I/O: wait (in real time, briefly) for the connection, then move the clock.
      await vi.waitFor(() => expect(server.connections()).toBe(1), { timeout: 5_000, interval: 10 });
      await vi.advanceTimersByTimeAsync(4_000);
      expect(settled).toBe(false);
      const { outcome: error, tookMs } = await onFakeClock(call);
      expect(tookMs).toBeLessThanOrEqual(1_000);
      expect(error).toBeInstanceOf(AwsApiError);
      expect(error).toMatchObject({ kind: "unreachable", exitCode: 4 });
      expect((error as Error).message).toContain(`at ${server.endpoint} (ETIMEDOUT: no answer in time, 1 attempt)`);
    } finally {
      await server.close();
    }
  });
});

describe("adaptive retry under EC2 throttling (RequestLimitExceeded, HTTP 503)", () => {
  it("a client that was never throttled sends at once, and so does its next call", async () => {
    const { handler, at, provider } = await throttledEndpoint([ok(), ok()], 3);
    const first = await onFakeClock(describeInstances(provider));
    expect(first.outcome).toMatchObject({ $metadata: { attempts: 1, totalRetryDelay: 0 } });
    await onFakeClock(describeInstances(provider));
    expect(handler.seen).toHaveLength(2);
    expect(gaps(at)).toEqual([0]);
  });

  it("throttling makes the client back off between attempts and pace its next call; enough attempts succeed", async () => {
    const { handler, at, provider } = await throttledEndpoint([throttled(), throttled(), ok(), ok()], 3);
    const { outcome } = await onFakeClock(describeInstances(provider));
    expect(outcome).toMatchObject({ $metadata: { attempts: 3 } });
    const { totalRetryDelay } = (outcome as { $metadata: { totalRetryDelay: number } }).$metadata;
    expect(totalRetryDelay).toBeGreaterThan(0);
    expect(handler.seen).toHaveLength(3);
    // Each retry came after a wait; the waits add up to at least the backoff the SDK reports.
    const retries = gaps(at);
    expect(retries.every((gap) => gap > 0)).toBe(true);
    expect(retries.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(totalRetryDelay);
    // After a throttle, a new call first waits for the client's send rate to allow it.
    const sentAt = Date.now();
    await onFakeClock(describeInstances(provider));
    expect(handler.seen).toHaveLength(4);
    expect((at[3] as number) - sentAt).toBeGreaterThan(0);
  });

  it("too few attempts: exit 4, 'throttled', after exactly --max-attempts requests", async () => {
    const { handler, provider } = await throttledEndpoint([throttled(), throttled(), throttled(), throttled()], 2);
    const { outcome } = await onFakeClock(describeInstances(provider));
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
    await onFakeClock(describeInstances(provider));
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
