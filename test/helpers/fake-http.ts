/**
 * An in-memory HTTP handler for SDK clients: the real client stack (serialisation, signing,
 * adaptive retry, deserialisation) runs, and no byte leaves the process. Each request gets
 * the next scripted answer.
 */
import { Readable } from "node:stream";

export interface FakeAnswer {
  status: number;
  body: string;
}

export interface SeenRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
}

export const EC2_EMPTY_DESCRIBE_INSTANCES =
  '<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>';

export const EC2_REQUEST_LIMIT_EXCEEDED =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';

export const ok = (body = EC2_EMPTY_DESCRIBE_INSTANCES): FakeAnswer => ({ status: 200, body });
export const throttled = (): FakeAnswer => ({ status: 503, body: EC2_REQUEST_LIMIT_EXCEEDED });

export function fakeHttpHandler(answers: FakeAnswer[], fallback: FakeAnswer = ok()) {
  const seen: SeenRequest[] = [];
  return {
    seen,
    metadata: { handlerProtocol: "http/1.1" },
    async handle(request: SeenRequest) {
      seen.push({
        method: request.method,
        hostname: request.hostname,
        path: request.path,
        headers: { ...request.headers },
      });
      const answer = answers.shift() ?? fallback;
      return {
        response: {
          statusCode: answer.status,
          headers: { "content-type": "text/xml;charset=UTF-8" },
          body: Readable.from([Buffer.from(answer.body)]),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}
