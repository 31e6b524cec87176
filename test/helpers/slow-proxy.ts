/**
 * A loopback forwarder that holds every request for a while before passing it on, and
 * records how many requests of each action were in flight at once. With it a run takes
 * long enough for progress to be drawn, and the overlap of regions can be observed.
 */
import { createServer, request as httpRequest } from "node:http";
import { actionOf } from "./proxy.js";

export interface SlowProxy {
  endpoint: string;
  /** The most requests of this action (e.g. "DescribeInstances"), or of any action, in flight at the same time. */
  maxInFlight(action?: string): number;
  reset(): void;
  close(): Promise<void>;
}

const ANY = "*";

export async function startSlowProxy(target: string, holdMs: number): Promise<SlowProxy> {
  const upstream = new URL(target);
  const inFlight = new Map<string, number>();
  const max = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const keys = [actionOf(req, body.toString("utf8")), ANY];
      for (const key of keys) {
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        max.set(key, Math.max(max.get(key) ?? 0, inFlight.get(key) ?? 0));
      }
      const done = () => {
        for (const key of keys) inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      };
      setTimeout(() => {
        const forward = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (upstreamRes) => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
            upstreamRes.on("end", done);
          },
        );
        forward.on("error", () => {
          done();
          res.destroy();
        });
        forward.end(body);
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    maxInFlight: (action = ANY) => max.get(action) ?? 0,
    reset() {
      inFlight.clear();
      max.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
