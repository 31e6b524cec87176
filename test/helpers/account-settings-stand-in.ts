/**
 * moto_server does not implement Lambda GetAccountSettings (HTTP 404). This loopback stand-in
 * sits in front of the emulator (or of the counting proxy) and answers that one call with the
 * account's limits, passing every other request through untouched; it counts what it answered,
 * so a warm run can be shown to send nothing here either.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { AwsSandbox } from "./aws-env.js";
import { OUTAGE_REGION } from "./outage-scenario.js";
import type { Suite } from "./suite.js";

export interface StandIn {
  endpoint: string;
  /** GetAccountSettings calls answered here. */
  answered(): number;
  close(): Promise<void>;
}

/** Sends the request on to `target` untouched, and its answer back. */
export function passThrough(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const forward = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on("error", () => res.destroy());
  req.pipe(forward);
}

export async function accountSettingsStandIn(
  upstream: string,
  limits: { concurrentExecutions: number; unreservedConcurrentExecutions: number },
): Promise<StandIn> {
  const target = new URL(upstream);
  let answered = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && /^\/2016-08-19\/account-settings\/?(\?|$)/.test(req.url ?? "")) {
      answered += 1;
      req.resume();
      const body = JSON.stringify({
        AccountLimit: {
          ConcurrentExecutions: limits.concurrentExecutions,
          UnreservedConcurrentExecutions: limits.unreservedConcurrentExecutions,
          CodeSizeUnzipped: 262144000,
          CodeSizeZipped: 52428800,
          TotalCodeSize: 80530636800,
        },
        AccountUsage: { FunctionCount: 4, TotalCodeSize: 0 },
      });
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "x-amzn-requestid": `stand-in-${answered}`,
      });
      res.end(body);
      return;
    }
    passThrough(target, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a describe over the outage: the account limits' stand-in (moto has no GetAccountSettings)
 * in front of the suite's proxy, started before its tests and closed after; `sandbox()` swaps
 * in a profile whose calls go through it.
 */
export function outageStandIn(suite: Suite): { sandbox(): AwsSandbox; standIn(): StandIn } {
  let standIn: StandIn | undefined;
  beforeAll(async () => {
    standIn = await accountSettingsStandIn(suite.proxy.endpoint, {
      concurrentExecutions: 1000,
      unreservedConcurrentExecutions: 1000,
    });
  });
  afterAll(async () => {
    await standIn?.close();
  });
  const started = () => {
    if (standIn === undefined) throw new Error("the account settings stand-in has not started");
    return standIn;
  };
  return {
    sandbox: () => suite.useProfiles(() => [{ name: "moto", region: OUTAGE_REGION, endpoint: started().endpoint }]),
    standIn: started,
  };
}
