/**
 * A 2xx answer without a request id is not AWS's (issue 17, item 4): checked on raw responses,
 * and on a real EC2 client (its whole stack, an in-memory HTTP handler) through the provider.
 */
import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { checkAnswer, noRequestIdError } from "../../../src/aws/answer-check.js";
import { describeInstances } from "../../../src/aws/ec2.js";
import { AwsClientProvider, type ClientFactory } from "../../../src/aws/provider.js";
import { sdkClientFactory } from "../../../src/aws/sdk-clients.js";
import { toDomainError } from "../../../src/aws/error-classification.js";
import { type AwsApiError, isCause } from "../../../src/errors/errors.js";
import { EC2_EMPTY_DESCRIBE_INSTANCES, fakeHttpHandler, type FakeAnswer } from "../../helpers/fake-http.js";

const response = (statusCode: number, body: string, headers: Record<string, string> = {}) => ({
  statusCode,
  headers,
  body: Readable.from([Buffer.from(body)]),
});

async function text(body: unknown): Promise<string> {
  let all = "";
  for await (const chunk of body as AsyncIterable<Buffer>) all += chunk.toString();
  return all;
}

describe("checkAnswer", () => {
  it("accepts a request id in any of the headers AWS uses, without reading the body", async () => {
    for (const header of ["x-amzn-RequestId", "x-amzn-requestid", "x-amz-request-id"]) {
      const answer = response(200, "", { [header]: "abc" });
      await expect(checkAnswer(answer)).resolves.toBeUndefined();
    }
  });

  it("accepts a request id in the body (EC2, STS) and hands the body on unchanged", async () => {
    const answer = response(200, EC2_EMPTY_DESCRIBE_INSTANCES);
    await checkAnswer(answer);
    expect(await text(answer.body)).toBe(EC2_EMPTY_DESCRIBE_INSTANCES);
  });

  it.each([
    ["an empty 200", response(200, "")],
    ["an HTML page with 200", response(200, "<html><body>Wi-Fi login</body></html>", { "content-type": "text/html" })],
    ["a 200 whose request id is empty", response(200, "<requestId></requestId>")],
  ])("refuses %s", async (_what, answer) => {
    await expect(checkAnswer(answer)).rejects.toMatchObject({ name: "NoRequestId" });
  });

  it("leaves error answers to the SDK's error parsing", async () => {
    await expect(checkAnswer(response(500, ""))).resolves.toBeUndefined();
  });

  it("maps to NotAnAwsAnswer, which no caller may take for AWS declining a query (kind is not api)", () => {
    const site = { service: "cloudwatch", operation: "GetMetricData", region: "us-east-1", profile: "p" };
    const error = toDomainError(noRequestIdError(200, 0), site);
    expect(isCause(error, "NotAnAwsAnswer")).toBe(true);
    expect((error as AwsApiError).kind).not.toBe("api");
  });
});

describe("through the provider's real EC2 client", () => {
  const run = (answers: FakeAnswer[]) => {
    const handler = fakeHttpHandler(answers);
    const factory: ClientFactory = (service, config) =>
      sdkClientFactory(service, {
        ...config,
        credentials: async () => ({ accessKeyId: "AKID", secretAccessKey: "SECRET" }),
        requestHandler: handler as never,
      });
    const provider = new AwsClientProvider(
      {
        profile: "unit",
        maxAttempts: 2,
        connectTimeoutMs: 1000,
        requestTimeoutMs: 1000,
        sso: false,
        homeRegion: "us-east-1",
        endpointUrl: "http://127.0.0.1:1",
      },
      factory,
    );
    return describeInstances(provider, "us-east-1", () => undefined);
  };

  it("an empty 200 is a failed call, not an empty inventory", async () => {
    const error = await run([{ status: 200, body: "" }]).catch((e: unknown) => e);
    expect(isCause(error, "NotAnAwsAnswer")).toBe(true);
    expect((error as Error).message).toBe(
      "not an AWS answer: ec2 DescribeInstances in us-east-1 at http://127.0.0.1:1 got HTTP 200 with an empty body and no request id; nothing was cached",
    );
  });

  it("a real (empty) inventory with its request id is still an empty inventory", async () => {
    await expect(run([{ status: 200, body: EC2_EMPTY_DESCRIBE_INSTANCES }])).resolves.toEqual([]);
  });
});
