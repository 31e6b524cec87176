import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { LambdaClient, ListFunctionsCommand, type ListFunctionsCommandOutput } from "@aws-sdk/client-lambda";
import { listFunctions } from "../../../src/aws/lambda.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

describe("lambda wrapper", () => {
  let lambda: AwsClientStub<LambdaClient>;
  beforeEach(() => {
    lambda = mockClient(LambdaClient);
  });
  afterEach(() => lambda.restore());

  it("follows NextMarker through every page and returns every function in order", async () => {
    const pages = new Map<string | undefined, Partial<ListFunctionsCommandOutput>>([
      [undefined, { Functions: [{ FunctionName: "a" }, { FunctionName: "b" }], NextMarker: "m1" }],
      ["m1", { Functions: [{ FunctionName: "c" }], NextMarker: "m2" }],
      ["m2", { Functions: [{ FunctionName: "d" }] }],
    ]);
    const sent: Array<{ Marker?: string; MaxItems?: number }> = [];
    lambda.on(ListFunctionsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
      sent.push({ ...input });
      const page = pages.get(input.Marker);
      if (page === undefined) throw new Error(`unexpected marker ${input.Marker}`);
      return page;
    });
    const seen: number[] = [];
    const functions = await listFunctions(testProvider(), "us-east-1", (n) => seen.push(n));
    expect(functions.map((f) => f.FunctionName)).toEqual(["a", "b", "c", "d"]);
    expect(sent.map((s) => s.Marker)).toEqual([undefined, "m1", "m2"]);
    expect(sent.every((s) => s.MaxItems === 50)).toBe(true);
    expect(seen).toEqual([2, 3, 4]);
  });

  it("maps AccessDeniedException to an AWS API error (exit 4) that names the call and region", async () => {
    lambda.on(ListFunctionsCommand).rejects(sdkError("AccessDeniedException", 403));
    const error = await listFunctions(testProvider(), "eu-west-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as AwsApiError).exitCode).toBe(4);
    expect((error as AwsApiError).message).toMatch(/access denied: lambda ListFunctions in eu-west-1/);
  });
});
