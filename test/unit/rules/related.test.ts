import { describe, expect, it } from "vitest";
import { runRules } from "../../../src/rules/engine.js";
import { buildRelations, relatedTo } from "../../../src/rules/related.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";
import { ACCOUNT, alarm, lambdaFunction, lambdaMetrics, logGroup, metricValue, REGION } from "../../helpers/records.js";

const AT = "2026-11-30T08:00:00.000Z";
const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments`;

function account(): TriageData {
  const data = emptyTriageData();
  data.functions = [{ observedAt: AT, records: [lambdaFunction({ functionName: "payments", functionArn: FN_ARN })] }];
  data.metrics = [
    {
      observedAt: AT,
      records: [lambdaMetrics({ functionName: "payments", errors: 3, invocations: 10, errorRate: 0.3 })],
    },
  ];
  data.logGroups = [
    {
      observedAt: AT,
      records: [
        logGroup({ logGroupName: "/aws/lambda/payments", retentionInDays: null, arn: null }),
        logGroup({ logGroupName: "/other" }),
      ],
    },
  ];
  data.alarms = [
    {
      observedAt: AT,
      records: [
        alarm({
          alarmName: "payments-errors",
          alarmArn: null,
          stateValue: "ALARM",
          dimensions: { FunctionName: "payments" },
        }),
        alarm({ alarmName: "box-cpu", alarmArn: null, dimensions: { InstanceId: "i-0abc" } }),
      ],
    },
  ];
  return data;
}

describe("related resources", () => {
  it("ties a function to its log group and to the alarms that watch it", () => {
    const relations = buildRelations(account());
    const fn = { account: ACCOUNT, region: REGION, resourceType: "lambda:function", resourceId: "payments" };
    expect(relatedTo(fn, relations)).toEqual([
      {
        arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/payments`,
        resourceType: "logs:log-group",
        resourceId: "/aws/lambda/payments",
        relation: "log-group",
      },
      {
        arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:payments-errors`,
        resourceType: "cloudwatch:alarm",
        resourceId: "payments-errors",
        relation: "watched-by",
      },
    ]);
  });

  it("follows a function's LoggingConfig.LogGroup to its custom log group, not the default one", () => {
    const data = account();
    data.functions = [
      {
        observedAt: AT,
        records: [
          lambdaFunction({
            functionName: "payments",
            functionArn: FN_ARN,
            loggingConfig: { logFormat: "JSON", logGroup: "/other", applicationLogLevel: null, systemLogLevel: null },
          }),
        ],
      },
    ];
    const relations = buildRelations(data);
    const fn = { account: ACCOUNT, region: REGION, resourceType: "lambda:function", resourceId: "payments" };
    expect(
      relatedTo(fn, relations)
        .filter((r) => r.relation === "log-group")
        .map((r) => r.resourceId),
    ).toEqual(["/other"]);
    const group = { account: ACCOUNT, region: REGION, resourceType: "logs:log-group", resourceId: "/other" };
    expect(relatedTo(group, relations).map((r) => r.resourceId)).toEqual(["payments"]);
  });

  it("a composite alarm watches no metric resource, whatever its record carries", () => {
    const data = account();
    data.alarms = [
      {
        observedAt: AT,
        records: [
          alarm({
            alarmName: "service-down",
            alarmType: "composite",
            alarmRule: 'ALARM("payments-errors")',
            dimensions: { FunctionName: "payments" },
          }),
        ],
      },
    ];
    const of = { account: ACCOUNT, region: REGION, resourceType: "cloudwatch:alarm", resourceId: "service-down" };
    expect(relatedTo(of, buildRelations(data))).toEqual([]);
  });

  it("ties an alarm to the function and the instance its dimensions name, existing or not", () => {
    const relations = buildRelations(account());
    const of = (alarmName: string) =>
      relatedTo(
        { account: ACCOUNT, region: REGION, resourceType: "cloudwatch:alarm", resourceId: alarmName },
        relations,
      );
    expect(of("payments-errors")).toEqual([
      { arn: FN_ARN, resourceType: "lambda:function", resourceId: "payments", relation: "watches" },
    ]);
    expect(of("box-cpu")).toEqual([
      {
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0abc`,
        resourceType: "ec2:instance",
        resourceId: "i-0abc",
        relation: "watches",
      },
    ]);
  });

  it("does not cross accounts or regions", () => {
    const data = account();
    data.logGroups = [
      { observedAt: AT, records: [logGroup({ logGroupName: "/aws/lambda/payments", region: "us-west-2" })] },
    ];
    const fn = { account: ACCOUNT, region: REGION, resourceType: "lambda:function", resourceId: "payments" };
    expect(relatedTo(fn, buildRelations(data)).map((r) => r.relation)).toEqual(["watched-by"]);
  });

  it("is stamped on every finding, the log group's finding pointing back at its function", () => {
    const { findings } = runRules(account());
    const group = findings.find((f) => f.ruleId === "logs.no-retention");
    expect(group?.related).toEqual([expect.objectContaining({ resourceId: "payments", relation: "function" })]);
    const errors = findings.find((f) => f.ruleId === "lambda.errors");
    expect(errors?.related.map((r) => r.relation)).toEqual(["log-group", "watched-by"]);
  });
});

describe("related, for the metric catalogue", () => {
  it("ties a metric finding to the alarm on the same metric of the same resource, and only that resource", () => {
    const data = emptyTriageData();
    data.alarms.push({
      observedAt: "2026-03-10T08:00:00.000Z",
      records: [
        alarm({
          alarmName: "orders-5xx",
          namespace: "AWS/ApiGateway",
          metricName: "5XXError",
          dimensions: { ApiName: "orders" },
        }),
        alarm({
          alarmName: "catalog-5xx",
          namespace: "AWS/ApiGateway",
          metricName: "5XXError",
          dimensions: { ApiName: "catalog" },
        }),
        alarm({
          alarmName: "sessions-throttles",
          namespace: "AWS/DynamoDB",
          metricName: "ThrottledRequests",
          dimensions: { TableName: "sessions", Operation: "PutItem" },
        }),
      ],
    });
    data.metricValues.push({
      observedAt: "2026-03-10T08:00:00.000Z",
      records: [
        metricValue("apigateway:api", "orders", "Count", "Sum", 100),
        metricValue("apigateway:api", "orders", "5XXError", "Sum", 7),
        metricValue("dynamodb:table", "sessions", "ThrottledRequests", "Sum", 3),
      ],
    });
    const { findings } = runRules(data);
    const related = (ruleId: string) =>
      findings.find((f) => f.ruleId === ruleId)?.related.map((r) => `${r.relation} ${r.resourceId}`);
    expect(related("apigw.5xx-rate")).toEqual(["watched-by orders-5xx"]);
    expect(related("dynamodb.throttles")).toEqual(["watched-by sessions-throttles"]);
    const relations = buildRelations(data);
    expect(
      relatedTo(
        { account: ACCOUNT, region: REGION, resourceType: "cloudwatch:alarm", resourceId: "sessions-throttles" },
        relations,
      ),
    ).toEqual([
      {
        arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/sessions`,
        resourceType: "dynamodb:table",
        resourceId: "sessions",
        relation: "watches",
      },
    ]);
  });
});
