/**
 * Every real AWS answer carries a request id: in the `x-amzn-RequestId` (or `x-amz-request-id`)
 * header, or, for the XML services (EC2, STS), in the body. A 200 without one is not from AWS
 * (a captive portal, a proxy's error page, an empty answer), and the SDK would read it as an
 * empty result: an empty inventory that would be cached and served offline for good. This
 * middleware makes such an answer a failed call instead (`NotAnAwsAnswer`, exit 4).
 *
 * It sits in the deserialize step below the SDK's deserializer, so it sees each attempt's raw
 * response before its body is read, and hands the body on unchanged.
 */
import { Readable } from "node:stream";

/** The error name the classifier maps to `NotAnAwsAnswer`. */
export const NO_REQUEST_ID = "NoRequestId"; // in NOT_AN_ANSWER_NAMES (error-classification.ts)

const REQUEST_ID_HEADERS = new Set(["x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id"]);
/** `<requestId>` (EC2), `<RequestId>` (STS, CloudWatch query), `<RequestID>` (EC2 errors). */
const REQUEST_ID_ELEMENT = /<request[-_]?id>\s*[^<\s]/i;

interface HttpResponseLike {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

type Handler = (args: { request: unknown }) => Promise<{ response: unknown }>;

interface MiddlewareStackLike {
  add(middleware: (next: Handler) => Handler, options: { step: string; priority: string; name: string }): void;
}

function hasRequestIdHeader(headers: Record<string, string | undefined> = {}): boolean {
  return Object.entries(headers).some(([name, value]) => REQUEST_ID_HEADERS.has(name.toLowerCase()) && !!value?.trim());
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === "string" || body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The error a 2xx answer without a request id becomes (classified as `NotAnAwsAnswer`). */
export function noRequestIdError(status: number, bytes: number): Error {
  const what = bytes === 0 ? "an empty body" : `${bytes} bytes`;
  return Object.assign(new Error(`HTTP ${status} with ${what} and no request id`), {
    name: NO_REQUEST_ID,
    $fault: "server",
    $metadata: { httpStatusCode: status },
  });
}

/** Checks a response; returns it (its body replaced by the bytes read) or throws. */
export async function checkAnswer(response: HttpResponseLike): Promise<void> {
  const status = response.statusCode ?? 0;
  // Error answers are the SDK's to parse; the classifier names those without an AWS error code.
  if (status < 200 || status >= 300 || hasRequestIdHeader(response.headers)) return;
  const body = await bodyBytes(response.body);
  response.body = Readable.from([body]);
  if (!REQUEST_ID_ELEMENT.test(body.toString("latin1"))) throw noRequestIdError(status, body.length);
}

/** Adds the check to an SDK client (each attempt, below the deserializer). */
export function requireRequestId(client: unknown): void {
  const stack = (client as { middlewareStack?: MiddlewareStackLike } | undefined)?.middlewareStack;
  if (typeof stack?.add !== "function") return;
  const middleware =
    (next: Handler): Handler =>
    async (args) => {
      const output = await next(args);
      await checkAnswer(output.response as HttpResponseLike);
      return output;
    };
  stack.add(middleware, { step: "deserialize", priority: "low", name: "awstriageRequireRequestId" });
}
