import { describe, expect, it } from "vitest";
import {
  functionLogGroup,
  normalizeFunction,
  normalizeLambdaMetrics,
  redactFunction,
  REDACTED,
  type CachedMetricDataResult,
} from "../../../src/normalize/lambda.js";
import { gridOf } from "../../../src/onset/series.js";

const SECRET = "s3cr3t-value-do-not-leak";

describe("Lambda redaction", () => {
  it("replaces every environment value and keeps the names, without touching the input", () => {
    const raw = { FunctionName: "api", Environment: { Variables: { DB_PASSWORD: SECRET, STAGE: "prod" } } };
    const redacted = redactFunction(raw);
    expect(redacted.Environment?.Variables).toEqual({ DB_PASSWORD: REDACTED, STAGE: REDACTED });
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
    expect(raw.Environment.Variables.DB_PASSWORD).toBe(SECRET);
  });

  it("leaves a function without environment as it is", () => {
    const raw = { FunctionName: "plain", Runtime: "python3.12" as const };
    expect(redactFunction(raw)).toEqual(raw);
  });

  it("normalizes with account and region first, ISO dates, and values redacted even from an unredacted item", () => {
    const record = normalizeFunction(
      {
        FunctionName: "api",
        FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:api",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        MemorySize: 256,
        Timeout: 30,
        CodeSize: 1234,
        LastModified: "2024-05-01T12:00:00.000+0000",
        Environment: { Variables: { TOKEN: SECRET } },
      },
      "123456789012",
      "us-east-1",
    );
    expect(Object.keys(record).slice(0, 2)).toEqual(["account", "region"]);
    expect(record).toEqual({
      account: "123456789012",
      region: "us-east-1",
      functionName: "api",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:api",
      runtime: "nodejs20.x",
      handler: "index.handler",
      memorySize: 256,
      timeout: 30,
      codeSize: 1234,
      lastModified: "2024-05-01T12:00:00.000Z",
      environment: { TOKEN: REDACTED },
      packageType: null,
      architectures: [],
      layers: [],
      state: null,
      stateReason: null,
      lastUpdateStatus: null,
      lastUpdateStatusReason: null,
      vpcId: null,
      subnetIds: [],
      deadLetterTarget: null,
      tracingMode: null,
      kmsKeyArn: null,
      snapStart: null,
      ephemeralStorageMb: null,
      loggingConfig: null,
    });
    // New fields come after the original ones, so existing output keeps its prefix.
    expect(Object.keys(record).slice(10)).toEqual([
      "environment",
      "packageType",
      "architectures",
      "layers",
      "state",
      "stateReason",
      "lastUpdateStatus",
      "lastUpdateStatusReason",
      "vpcId",
      "subnetIds",
      "deadLetterTarget",
      "tracingMode",
      "kmsKeyArn",
      "snapStart",
      "ephemeralStorageMb",
      "loggingConfig",
    ]);
  });

  it("keeps the KMS key, SnapStart, /tmp size and logging config as ListFunctions answers them", () => {
    // Shaped like the recorded ListFunctions answers (SnapStart ApplyOn None, LoggingConfig with a custom group).
    const record = normalizeFunction(
      {
        FunctionName: "orders",
        KMSKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
        SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
        EphemeralStorage: { Size: 512 },
        LoggingConfig: { LogFormat: "JSON", LogGroup: "/shared/orders", ApplicationLogLevel: "INFO" },
      },
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
      snapStart: { applyOn: "None", optimizationStatus: "Off" },
      ephemeralStorageMb: 512,
      loggingConfig: {
        logFormat: "JSON",
        logGroup: "/shared/orders",
        applicationLogLevel: "INFO",
        systemLogLevel: null,
      },
    });
    expect(functionLogGroup(record)).toBe("/shared/orders");
    expect(functionLogGroup(normalizeFunction({ FunctionName: "plain" }, null, "us-east-1"))).toBe("/aws/lambda/plain");
  });

  it("gives nulls for what a container-image function lacks, and says it is an image", () => {
    // Shaped like a ListFunctions item for an arm64 container image in a VPC.
    const record = normalizeFunction(
      {
        FunctionName: "img",
        FunctionArn: "arn:x",
        PackageType: "Image",
        Architectures: ["arm64"],
        State: "Failed",
        StateReason: "The image manifest or layer media type for the source image is not supported.",
        StateReasonCode: "ImageAccessDenied",
        LastUpdateStatus: "Failed",
        LastUpdateStatusReason: "Lambda was unable to configure access to your environment variables",
        VpcConfig: { VpcId: "vpc-0a1", SubnetIds: ["subnet-1", "subnet-2"], SecurityGroupIds: ["sg-1"] },
        DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
        TracingConfig: { Mode: "Active" },
      },
      null,
      "eu-west-1",
    );
    expect(record).toMatchObject({
      runtime: null,
      handler: null,
      memorySize: null,
      timeout: null,
      lastModified: null,
      environment: {},
      packageType: "Image",
      architectures: ["arm64"],
      state: "Failed",
      stateReason: "The image manifest or layer media type for the source image is not supported.",
      lastUpdateStatus: "Failed",
      lastUpdateStatusReason: "Lambda was unable to configure access to your environment variables",
      vpcId: "vpc-0a1",
      subnetIds: ["subnet-1", "subnet-2"],
      deadLetterTarget: "arn:aws:sqs:us-east-1:123456789012:dlq",
      tracingMode: "Active",
    });
  });

  it("lists layer ARNs, and gives vpcId null for the empty VpcConfig Lambda returns outside a VPC", () => {
    const record = normalizeFunction(
      {
        FunctionName: "zip",
        PackageType: "Zip",
        Layers: [
          { Arn: "arn:aws:lambda:us-west-2:123456789012:layer:my-layer:3", CodeSize: 169 },
          { Arn: "arn:aws:lambda:us-west-2:123456789012:layer:other:1", CodeSize: 12 },
        ],
        VpcConfig: { VpcId: "", SubnetIds: [], SecurityGroupIds: [] },
        TracingConfig: { Mode: "PassThrough" },
      },
      null,
      "us-west-2",
    );
    expect(record).toMatchObject({
      packageType: "Zip",
      layers: [
        "arn:aws:lambda:us-west-2:123456789012:layer:my-layer:3",
        "arn:aws:lambda:us-west-2:123456789012:layer:other:1",
      ],
      vpcId: null,
      subnetIds: [],
      tracingMode: "PassThrough",
      deadLetterTarget: null,
    });
  });
});

const result = (id: string, label: string, values: number[], status = "Complete"): CachedMetricDataResult => ({
  Id: id,
  Label: label,
  Values: values,
  Timestamps: values.map((_, i) => new Date(Date.UTC(2024, 4, 1, 10 + i)).toISOString()),
  StatusCode: status as "Complete",
});

describe("Lambda metrics normalization", () => {
  const functions = [
    { FunctionName: "api", Timeout: 30 },
    { FunctionName: "idle", Timeout: 3 },
  ];

  it("adds up sums, takes maxima, computes the error rate and the timeout in ms", () => {
    const { records, unavailable } = normalizeLambdaMetrics(
      functions,
      [
        // Deliberately out of order and with Ids that do not follow the function order: Labels decide.
        result("durationP99_7", "api", [800, 950]),
        result("invocations_7", "api", [60, 40]),
        result("errors_7", "api", [5]),
        result("throttles_7", "api", [2]),
        result("durationMax_7", "api", [1200, 2900]),
        result("invocations_1", "idle", []),
      ],
      "123456789012",
      "us-east-1",
    );
    expect(unavailable).toEqual([]);
    expect(records).toEqual([
      {
        account: "123456789012",
        region: "us-east-1",
        functionName: "api",
        invocations: 100,
        errors: 5,
        throttles: 2,
        errorRate: 0.05,
        durationMaxMs: 2900,
        durationP99Ms: 950,
        timeoutMs: 30_000,
        partial: false,
        partialReason: null,
        partialFields: [],
        errorSeries: null,
      },
      {
        account: "123456789012",
        region: "us-east-1",
        functionName: "idle",
        invocations: 0,
        errors: 0,
        throttles: 0,
        errorRate: null,
        durationMaxMs: null,
        durationP99Ms: null,
        timeoutMs: 3_000,
        partial: false,
        partialReason: null,
        partialFields: [],
        errorSeries: null,
      },
    ]);
  });

  it("gives each function its errors per period on the window's grid: gaps are 0, other periods dropped", () => {
    // A 5-minute window at 1-minute periods; CloudWatch answers only the minutes with errors.
    const grid = gridOf({ startMs: Date.UTC(2024, 4, 1, 10, 0, 30), endMs: Date.UTC(2024, 4, 1, 10, 5, 30) }, 60);
    const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();
    const series: CachedMetricDataResult = {
      Id: "errorsSeries_0",
      Label: "api",
      Timestamps: [at(1), at(3), at(3), at(9)],
      Values: [2, 4, 1, 50],
      StatusCode: "Complete",
    };
    const { records } = normalizeLambdaMetrics(
      functions,
      [result("errors_0", "api", [7]), series, { ...series, Label: "idle", StatusCode: "InternalError" }],
      null,
      "us-east-1",
      grid,
    );
    expect(records[0]?.errorSeries).toEqual([
      { at: at(0), value: 0 },
      { at: at(1), value: 2 },
      { at: at(2), value: 0 },
      { at: at(3), value: 5 },
      { at: at(4), value: 0 },
      { at: at(5), value: 0 },
    ]);
    // Not answered: no series (a flat line would say "no errors").
    expect(records[1]?.errorSeries).toBeNull();
    // Without the grid (or the query, in an older cache entry), none either.
    const older = normalizeLambdaMetrics(functions, [series], null, "us-east-1");
    expect(older.records[0]?.errorSeries).toBeNull();
  });

  it("keeps a PartialData count as a lower bound and computes no rate over partial invocations", () => {
    // The case: Invocations `PartialData, [5.0]`, Errors `Complete, [1.0]` (shapes as
    // GetMetricData documents them; the numbers of the real helloworld answer).
    const { records, unavailable, partial } = normalizeLambdaMetrics(
      [functions[0] as { FunctionName: string; Timeout: number }],
      [
        result("invocations_0", "api", [5], "PartialData"),
        result("errors_0", "api", [1]),
        result("throttles_0", "api", [0]),
        result("durationMax_0", "api", [14.97]),
      ],
      null,
      "us-east-1",
    );
    expect(unavailable).toEqual([]);
    expect(partial).toEqual([{ functionName: "api", key: "invocations", statusCode: "PartialData", message: null }]);
    expect(records[0]).toMatchObject({
      invocations: 5,
      errors: 1,
      errorRate: null,
      partial: true,
      partialReason: "invocations: PartialData",
      partialFields: ["invocations"],
    });
  });

  it("a partial error count still gives a rate over complete invocations, marked partial", () => {
    const { records } = normalizeLambdaMetrics(
      [functions[0] as { FunctionName: string; Timeout: number }],
      [result("invocations_0", "api", [100]), { ...result("errors_0", "api", [3]), Messages: [{ Value: "more" }] }],
      null,
      "us-east-1",
    );
    expect(records[0]).toMatchObject({ errors: 3, errorRate: 0.03, partial: true, partialFields: ["errors"] });
  });

  it("keeps every other field when p99 failed, with durationP99Ms null and the failure reported", () => {
    const failed: CachedMetricDataResult = {
      Id: "durationP99_0",
      Label: "api",
      Values: [],
      Timestamps: [],
      StatusCode: "InternalError",
      Messages: [{ Code: "InternalFailure", Value: "percentiles unavailable" }],
    };
    const { records, unavailable } = normalizeLambdaMetrics(
      [functions[0] as { FunctionName: string; Timeout: number }],
      [
        result("invocations_0", "api", [10]),
        result("errors_0", "api", [1]),
        result("throttles_0", "api", [0]),
        result("durationMax_0", "api", [500]),
        failed,
      ],
      null,
      "us-east-1",
    );
    expect(records[0]).toMatchObject({
      invocations: 10,
      errors: 1,
      errorRate: 0.1,
      durationMaxMs: 500,
      durationP99Ms: null,
    });
    expect(unavailable).toEqual([
      { functionName: "api", key: "durationP99", statusCode: "InternalError", message: "percentiles unavailable" },
    ]);
  });
});
