/** The metric catalogue's question builder, cap and answer reading, as pure functions. */
import { describe, expect, it } from "vitest";
import {
  answersOf,
  capQuestions,
  metricQueries,
  questionsOf,
  type ListedMetric,
} from "../../../src/health/questions.js";

const listed = (namespace: string, metricName: string, dimensions: Record<string, string>): ListedMetric => ({
  Namespace: namespace,
  MetricName: metricName,
  Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
});

describe("questionsOf", () => {
  it("asks the catalogue's statistics of the metrics listed, once each, and nothing else", () => {
    const questions = questionsOf([
      listed("AWS/ApiGateway", "Count", { ApiName: "orders" }),
      listed("AWS/ApiGateway", "Count", { ApiName: "orders" }),
      listed("AWS/ApiGateway", "Latency", { ApiName: "orders" }),
      // Per stage: not the API's own aggregate, so not asked.
      listed("AWS/ApiGateway", "Count", { ApiName: "orders", Stage: "prod" }),
      listed("AWS/ApiGateway", "IntegrationLatency", { ApiName: "orders" }),
      listed("AWS/DynamoDB", "ThrottledRequests", { TableName: "t", Operation: "PutItem" }),
      listed("AWS/ECS", "CPUUtilization", { ServiceName: "api", ClusterName: "prod" }),
    ]);
    expect(questions.map((q) => `${q.resourceType} ${q.resourceId} ${q.metricName} ${q.stat}`)).toEqual([
      "apigateway:api orders Count Sum",
      "apigateway:api orders Latency p99",
      "dynamodb:table t ThrottledRequests Sum",
      "ecs:service prod/api CPUUtilization Maximum",
    ]);
  });

  it("names a target group by itself and keeps the dimensions in the order ListMetrics gave them", () => {
    const [q] = questionsOf([
      listed("AWS/ApplicationELB", "UnHealthyHostCount", { TargetGroup: "targetgroup/w/1", LoadBalancer: "app/w/2" }),
    ]);
    expect(q?.resourceId).toBe("targetgroup/w/1");
    expect(Object.keys(q?.dimensions ?? {})).toEqual(["TargetGroup", "LoadBalancer"]);
  });
});

describe("capQuestions (--max-metrics)", () => {
  const many = questionsOf(
    ["a", "b", "c"].flatMap((api) => [
      listed("AWS/ApiGateway", "Count", { ApiName: api }),
      listed("AWS/ApiGateway", "5XXError", { ApiName: api }),
    ]),
  );

  it("keeps whole resources up to the cap and says which were left out", () => {
    expect(capQuestions(many, 5)).toEqual({
      asked: many.slice(0, 4),
      leftOut: { resources: ["apigateway:api c"], metrics: 2 },
    });
    expect(capQuestions(many, 6).leftOut).toEqual({ resources: [], metrics: 0 });
    expect(capQuestions(many, 1).asked).toEqual([]);
  });
});

describe("metricQueries and answersOf", () => {
  it("gives every question an Id of its own, valid for GetMetricData, over 500 of them", () => {
    const questions = questionsOf(
      Array.from({ length: 600 }, (_, i) => listed("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: `q${i}` })),
    );
    const queries = metricQueries(questions, 3600);
    expect(queries).toHaveLength(600);
    expect(new Set(queries.map((q) => q.Id)).size).toBe(600);
    expect(queries.every((q) => /^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? ""))).toBe(true);
    expect(queries[0]?.MetricStat).toMatchObject({ Period: 3600, Stat: "Maximum" });
  });

  it("counts a datapoint in the run's window or the one before by where it starts", () => {
    const questions = questionsOf([listed("AWS/ApiGateway", "Count", { ApiName: "orders" })]);
    const start = Date.UTC(2026, 10, 30, 10);
    const [answer] = answersOf(
      questions,
      [
        {
          Id: "q0",
          // CloudWatch may round the start to the minute: 30 s late still counts as the earlier window.
          Timestamps: [new Date(start + 30_000), new Date(start + 3_600_000)],
          Values: [40, 0],
          StatusCode: "Complete",
        },
      ],
      start,
      3600,
    );
    expect(answer).toMatchObject({ value: 0, previous: 40, status: "Complete" });
  });
});
