/**
 * At `--log-level trace`, every HTTP attempt an SDK client makes is logged: method, URL,
 * headers, then the status (or the network error) and how long it took. This is what one
 * needs to debug an endpoint, a proxy or retries. The headers carry the request signature
 * and, with temporary credentials, the session token: log.ts redacts both, and the tests
 * check that neither reaches stderr.
 */
import type { Logger } from "../output/log.js";
import { errorName } from "./error-classification.js";

interface HttpRequestLike {
  method?: string;
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  headers?: Record<string, string>;
}

type Handler = (args: { request: unknown }) => Promise<{ response: unknown }>;

interface MiddlewareStackLike {
  add(middleware: (next: Handler) => Handler, options: { step: string; priority: string; name: string }): void;
}

function urlOf(request: HttpRequestLike): string {
  const port = request.port === undefined ? "" : `:${request.port}`;
  return `${request.protocol ?? "https:"}//${request.hostname ?? ""}${port}${request.path ?? "/"}`;
}

/** Adds the trace middleware to an SDK client; does nothing unless trace is enabled. */
export function traceHttp(client: unknown, log: Logger, label: string): void {
  const stack = (client as { middlewareStack?: MiddlewareStackLike } | undefined)?.middlewareStack;
  if (!log.isLevelEnabled("trace") || typeof stack?.add !== "function") return;
  const middleware =
    (next: Handler): Handler =>
    async (args) => {
      const request = args.request as HttpRequestLike;
      const started = Date.now();
      log.trace(
        { client: label, method: request.method, url: urlOf(request), headers: { ...request.headers } },
        "http request",
      );
      try {
        const output = await next(args);
        const status = (output.response as { statusCode?: number } | undefined)?.statusCode;
        log.trace({ client: label, status, ms: Date.now() - started }, "http response");
        return output;
      } catch (error) {
        const code = (error as { code?: unknown } | undefined)?.code;
        log.trace(
          {
            client: label,
            error: errorName(error),
            code: typeof code === "string" ? code : undefined,
            ms: Date.now() - started,
          },
          "http request failed",
        );
        throw error;
      }
    };
  // The deserialize step runs inside retries and after signing: one entry per attempt, as sent.
  stack.add(middleware, { step: "deserialize", priority: "low", name: "awstriageHttpTrace" });
}
