import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { accountConcurrencyBatches, accountSettingsSpec } from "../../../src/sources/lambda-concurrency.js";
import { resolveWindow } from "../../../src/time/window.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { testProvider, unitRun, unitSandbox, type UnitRun } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const window = resolveWindow({ kind: "ago", text: "1h", ms: 3_600_000 }, undefined, Date.UTC(2026, 10, 30, 12));
const options = { since: "1h", window };

describe("Lambda account concurrency for triage", () => {
  let lambda: AwsClientStub<LambdaClient>;
  let cw: AwsClientStub<CloudWatchClient>;
  let sts: AwsClientStub<STSClient>;
  let unit: UnitRun | undefined;
  beforeEach(() => {
    lambda = mockClient(LambdaClient);
    cw = mockClient(CloudWatchClient);
    sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/u" });
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "m0",
          Values: [640, 910],
          Timestamps: [new Date(window.startMs), new Date(window.startMs)],
          StatusCode: "Complete",
        },
      ],
    });
  });
  afterEach(() => {
    lambda.restore();
    cw.restore();
    sts.restore();
    unit?.cleanup();
  });

  it("gives the account limit and the peak ConcurrentExecutions (Maximum, no dimensions) of each region", async () => {
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 800 } });
    unit = await unitRun();
    const batches = await accountConcurrencyBatches(unit.run, options);
    expect(batches.map((b) => b.records)).toEqual([
      [
        {
          account: "123456789012",
          region: "us-east-1",
          concurrentExecutionsLimit: 1000,
          unreservedConcurrentExecutions: 800,
          peakConcurrentExecutions: 910,
        },
      ],
    ]);
    const query = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[0];
    expect(query?.MetricStat).toMatchObject({
      Metric: { Namespace: "AWS/Lambda", MetricName: "ConcurrentExecutions", Dimensions: [] },
      Stat: "Maximum",
    });
  });

  it("marks a peak from a PartialData answer as a lower bound", async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "m0", Values: [700], Timestamps: [new Date(window.startMs)], StatusCode: "PartialData" },
      ],
    });
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000 } });
    unit = await unitRun();
    const [batch] = await accountConcurrencyBatches(unit.run, options);
    expect(batch?.records[0]).toMatchObject({ peakConcurrentExecutions: 700, peakPartialReason: "PartialData" });
  });

  it("serves a second run from the cache without calling Lambda or CloudWatch again", async () => {
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000 } });
    const sandbox = unitSandbox();
    unit = await unitRun({}, sandbox);
    const first = await accountConcurrencyBatches(unit.run, options);
    const second = await accountConcurrencyBatches((await unitRun({}, sandbox)).run, options);
    expect(second.map((b) => b.records)).toEqual(first.map((b) => b.records));
    expect(lambda.commandCalls(GetAccountSettingsCommand)).toHaveLength(1);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
  });

  it("an endpoint answering 404 (moto_server) skips the rule with one warning; the answer is cached", async () => {
    lambda.on(GetAccountSettingsCommand).rejects(sdkError("UnknownError", 404));
    const sandbox = unitSandbox();
    unit = await unitRun({}, sandbox);
    await expect(accountConcurrencyBatches(unit.run, options)).resolves.toEqual([]);
    expect(unit.run.failures).toEqual([]);
    expect(unit.logs().match(/concurrency-near-limit skipped in us-east-1: .*404/g)).toHaveLength(1);
    await accountConcurrencyBatches((await unitRun({}, sandbox)).run, options);
    expect(lambda.commandCalls(GetAccountSettingsCommand)).toHaveLength(1);
  });

  it("any other failure is the region's failure like any source's, never cached as an answer", async () => {
    lambda.on(GetAccountSettingsCommand).rejects(sdkError("AccessDeniedException", 403));
    await expect(accountSettingsSpec.fetch(testProvider(), "us-east-1", () => undefined)).rejects.toBeInstanceOf(
      AwsApiError,
    );
  });
});
