/**
 * A loopback HTTP proxy in front of the emulator. It records every request that would have
 * reached AWS (service, region, action from the SigV4 scope and the request), so cache tests
 * can count calls, and it can inject faults: AWS throttling errors or dropped connections.
 * With a latency it holds every answer, so that a run lasts long enough for progress to be
 * drawn and the overlap of calls (per action) can be observed.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";

export interface RecordedCall {
  service: string;
  region: string;
  action: string;
  /** The access key the request was signed with: which profile's credentials were used. */
  accessKeyId: string;
}

/**
 * What to do with one request: pass it on; answer with the service's throttling error;
 * drop the connection without an answer; or hold it open and never answer. Answers that are
 * not AWS's: an empty 200, an HTML page with 200 (a captive portal), a bare HTTP 500, and a
 * 200 whose body drips one byte every DRIP_INTERVAL_MS and never ends.
 */
export type Fault =
  | "pass"
  | "throttle"
  | "drop"
  | "hang"
  | "empty-200"
  | "html-200"
  | "status-500"
  | "drip"
  | "access-denied";

export const DRIP_INTERVAL_MS = 100;
const CAPTIVE_PORTAL_HTML = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Wi-Fi login</body></html>";
export type InjectedFault = Exclude<Fault, "pass">;
/** `body` is the request's body as text (an AssumeRole's RoleArn, say). */
export type FaultPlan = (call: RecordedCall, index: number, body: string) => Fault;

/**
 * Injects `fault` into the first `n` calls whose action is `action` (any call without one),
 * then passes everything: a bounded number of faults, however often the client retries.
 */
export function firstCalls(n: number, fault: InjectedFault, action?: string): FaultPlan {
  let seen = 0;
  return (call) => {
    if (action !== undefined && call.action !== action) return "pass";
    seen += 1;
    return seen <= n ? fault : "pass";
  };
}

export interface FaultProxy {
  endpoint: string;
  calls: RecordedCall[];
  /** Calls whose action matches (e.g. "DescribeInstances"). */
  count(action?: string): number;
  setFaults(plan: FaultPlan | undefined): void;
  /**
   * The most requests (of this action, e.g. "DescribeInstances", or of any) that were in
   * flight (received, not yet answered) at once since the last reset.
   */
  maxInFlight(action?: string): number;
  /**
   * Holds every answer until `count` requests are in flight together (or `timeoutMs` has
   * passed since the first was held): proves calls are concurrent without timing them.
   */
  holdUntilConcurrent(count: number, timeoutMs: number): void;
  /** Delays every answer by `ms`, like the round trip to a distant region, until the next reset. */
  setLatency(ms: number): void;
  /** Faults injected since the last reset, by kind. */
  injected: Record<InjectedFault, number>;
  /** Resolves with the first call (already recorded or still to come) whose action matches. */
  waitForCall(action: string, timeoutMs?: number): Promise<RecordedCall>;
  /** Forgets the calls, the fault plan, the injected counts and any setLatency (back to the option's). */
  reset(): void;
  close(): Promise<void>;
}

/** The key under which maxInFlight counts requests of every action together. */
const ANY = "*";

const SCOPE_RE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return target.split(".").pop() ?? target;
  // smithy rpc-v2-cbor puts the operation in the path: /service/X/operation/GetMetricData
  const cbor = /\/operation\/([A-Za-z]+)$/.exec(req.url ?? "");
  if (cbor?.[1]) return cbor[1];
  const form = /(?:^|&)Action=([A-Za-z]+)/.exec(body);
  if (form?.[1]) return form[1];
  return `${req.method} ${(req.url ?? "").split("?")[0]}`;
}

/** EC2's throttling answer, as real EC2 sends it (HTTP 503, RequestLimitExceeded). */
const EC2_THROTTLE_XML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>';

/** STS's (awsQuery) throttling answer: HTTP 400, Throttling. */
const STS_THROTTLE_XML =
  '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>';

/** STS's answer to an AssumeRole the role's trust policy does not allow. */
const STS_ACCESS_DENIED_XML =
  '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ErrorResponse>';

/** The throttling answer each service really gives; EC2's for services not listed here. */
function throttleAnswer(service: string): { status: number; body: string } {
  if (service === "sts") return { status: 400, body: STS_THROTTLE_XML };
  return { status: 503, body: EC2_THROTTLE_XML };
}

export interface ProxyOptions {
  /** Delay every answer by this many ms (what reset() returns to); 0 by default. */
  latencyMs?: number;
}

export async function startProxy(target: string, options: ProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const calls: RecordedCall[] = [];
  let plan: FaultPlan | undefined;
  const hanging = new Set<ServerResponse>();
  /** Requests in flight now, and the most at once, by action and under ANY for all. */
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const inFlightNow = (key: string): number => inFlight.get(key) ?? 0;
  let latencyMs = options.latencyMs ?? 0;
  let hold: { count: number; timeoutMs: number; waiting: Array<() => void>; timer?: NodeJS.Timeout } | undefined;
  const releaseHeld = (): void => {
    if (hold === undefined) return;
    clearTimeout(hold.timer);
    const waiting = hold.waiting;
    hold = undefined;
    for (const go of waiting) go();
  };
  /** Runs `answer` now, or once enough requests are in flight together. */
  const whenReleased = (answerNow: () => void): void => {
    const answer = latencyMs > 0 ? () => void setTimeout(answerNow, latencyMs) : answerNow;
    if (hold === undefined) {
      answer();
      return;
    }
    hold.waiting.push(answer);
    hold.timer ??= setTimeout(releaseHeld, hold.timeoutMs);
    if (inFlightNow(ANY) >= hold.count) releaseHeld();
  };
  const injected: Record<InjectedFault, number> = {
    throttle: 0,
    drop: 0,
    hang: 0,
    "empty-200": 0,
    "html-200": 0,
    "status-500": 0,
    drip: 0,
    "access-denied": 0,
  };
  const waiters: Array<{ action: string; resolve: (call: RecordedCall) => void }> = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const scope = SCOPE_RE.exec(String(req.headers.authorization ?? ""));
      const call = {
        accessKeyId: scope?.[1] ?? "",
        region: scope?.[2] ?? "",
        service: scope?.[3] ?? "",
        action: actionOf(req, body.toString("utf8")),
      };
      const index = calls.length;
      calls.push(call);
      for (const waiter of waiters.filter((w) => w.action === call.action)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
      const fault = plan?.(call, index, body.toString("utf8")) ?? "pass";
      for (const key of [call.action, ANY]) {
        inFlight.set(key, inFlightNow(key) + 1);
        maxInFlight.set(key, Math.max(maxInFlight.get(key) ?? 0, inFlightNow(key)));
      }
      res.once("close", () => {
        for (const key of [call.action, ANY]) inFlight.set(key, inFlightNow(key) - 1);
      });
      if (hold !== undefined && inFlightNow(ANY) >= hold.count) releaseHeld();
      if (fault !== "pass") injected[fault] += 1;
      if (fault === "drop") {
        req.socket.destroy();
        return;
      }
      if (fault === "hang") {
        hanging.add(res);
        return;
      }
      if (fault === "empty-200" || fault === "html-200" || fault === "status-500") {
        const html = fault === "html-200";
        res
          .writeHead(fault === "status-500" ? 500 : 200, { "content-type": html ? "text/html" : "text/xml" })
          .end(html ? CAPTIVE_PORTAL_HTML : "");
        return;
      }
      if (fault === "drip") {
        hanging.add(res);
        res.writeHead(200, { "content-type": "text/xml" });
        const timer = setInterval(() => res.write(" "), DRIP_INTERVAL_MS);
        res.once("close", () => clearInterval(timer));
        return;
      }
      if (fault === "access-denied") {
        res.writeHead(403, { "content-type": "text/xml" }).end(STS_ACCESS_DENIED_XML);
        return;
      }
      if (fault === "throttle") {
        const answer = throttleAnswer(call.service);
        res.writeHead(answer.status, { "content-type": "text/xml" }).end(answer.body);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) =>
          whenReleased(() => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
          }),
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    count: (action) => (action === undefined ? calls.length : calls.filter((c) => c.action === action).length),
    setFaults(next) {
      plan = next;
    },
    maxInFlight: (action = ANY) => maxInFlight.get(action) ?? 0,
    holdUntilConcurrent(count, timeoutMs) {
      hold = { count, timeoutMs, waiting: [] };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    injected,
    waitForCall(action, timeoutMs = 30_000) {
      const seen = calls.find((c) => c.action === action);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          action,
          resolve: (call: RecordedCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no ${action} call reached the proxy within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    reset() {
      calls.length = 0;
      plan = undefined;
      latencyMs = options.latencyMs ?? 0;
      releaseHeld();
      maxInFlight.clear();
      for (const [key, n] of inFlight) maxInFlight.set(key, n);
      for (const kind of Object.keys(injected) as InjectedFault[]) injected[kind] = 0;
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    async close() {
      releaseHeld();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
