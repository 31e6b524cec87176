/**
 * A total deadline for each HTTP attempt. The SDK's requestTimeout ends only at the response
 * headers; after them only an idle timeout applies, which each byte resets, so an endpoint that
 * answers a byte a second never ends. Two middlewares around the deserializer bound the whole
 * attempt (connect, headers and body): the inner one notes the response, the outer one, when the
 * deadline passes, destroys that response's socket and fails the attempt with a TimeoutError,
 * which the SDK retries like any timeout, up to --max-attempts. So a run's time stays within
 * about max-attempts × request timeout (plus backoff) per call, as docs/reliability.md says.
 */
type Handler = (args: { request: unknown }) => Promise<{ response: unknown }>;

interface MiddlewareStackLike {
  add(middleware: (next: Handler) => Handler, options: { step: string; priority: string; name: string }): void;
}

interface Destroyable {
  destroy?: (error?: Error) => void;
}

/** The error an attempt that passed its deadline fails with (retried, then "no answer in time"). */
export function attemptTimeoutError(ms: number): Error {
  return Object.assign(new Error(`no complete answer within ${ms} ms`), { name: "TimeoutError", code: "ETIMEDOUT" });
}

/** Where the inner middleware leaves the attempt's response body for the outer one. */
const ATTEMPT = Symbol("awstriageAttempt");

export function attemptDeadline(client: unknown, ms: number): void {
  const stack = (client as { middlewareStack?: MiddlewareStackLike } | undefined)?.middlewareStack;
  if (typeof stack?.add !== "function") return;
  const outer =
    (next: Handler): Handler =>
    (args) => {
      let timer: NodeJS.Timeout | undefined;
      const holder: { body?: Destroyable } = {};
      const attempt = next(Object.assign(args, { [ATTEMPT]: holder }));
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          const error = attemptTimeoutError(ms);
          holder.body?.destroy?.(error);
          reject(error);
        }, ms);
      });
      // The attempt's own failure after the deadline (its body destroyed) is already answered.
      attempt.catch(() => undefined);
      return Promise.race([attempt, deadline]).finally(() => clearTimeout(timer));
    };
  const inner =
    (next: Handler): Handler =>
    async (args) => {
      const output = await next(args);
      const holder = (args as { [ATTEMPT]?: { body?: Destroyable } })[ATTEMPT];
      if (holder !== undefined) holder.body = (output.response as { body?: Destroyable } | undefined)?.body;
      return output;
    };
  stack.add(outer, { step: "deserialize", priority: "high", name: "awstriageAttemptDeadline" });
  stack.add(inner, { step: "deserialize", priority: "low", name: "awstriageAttemptResponse" });
}
