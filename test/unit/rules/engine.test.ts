import { describe, expect, it } from "vitest";
import { dayOf, runRules as judge } from "../../../src/rules/engine.js";
import { RULES } from "../../../src/rules/registry.js";
import { emptyTriageData, type TriageData } from "../../../src/rules/types.js";

/** The findings of the default settings, nothing suppressed. */
const runRules = (data: TriageData) => judge(data).findings;
import {
  alarm,
  brokenMetricValues,
  instanceStatus,
  lambdaFunction,
  lambdaMetrics,
  logGroup,
} from "../../helpers/records.js";

const AT = "2026-03-10T08:00:00.000Z";

function brokenAccount(): TriageData {
  return {
    logEvidence: [],
    graph: [],
    changes: [],
    metricValues: [{ observedAt: AT, records: brokenMetricValues() }],
    instanceStatuses: [
      {
        observedAt: AT,
        records: [
          instanceStatus({
            instanceId: "i-bad",
            systemStatus: "impaired",
            events: [
              {
                code: "system-reboot",
                description: "reboot",
                notBefore: null,
                notAfter: null,
                eventId: null,
                notBeforeDeadline: null,
              },
            ],
          }),
          instanceStatus({ instanceId: "i-good" }),
          instanceStatus({ instanceId: "i-ebs", ebsStatus: "impaired" }),
        ],
      },
    ],
    functions: [
      {
        observedAt: AT,
        records: [
          lambdaFunction({ functionName: "legacy", runtime: "python3.8" }),
          lambdaFunction({ functionName: "healthy" }),
          lambdaFunction({ functionName: "broken", state: "Failed", stateReason: "role not found" }),
        ],
      },
    ],
    metrics: [
      {
        observedAt: AT,
        records: [
          lambdaMetrics({ functionName: "flaky", errors: 30, invocations: 100, errorRate: 0.3, throttles: 2 }),
          lambdaMetrics({ functionName: "slow", durationMaxMs: 2950 }),
          lambdaMetrics({ functionName: "healthy" }),
        ],
      },
    ],
    alarms: [
      {
        observedAt: AT,
        records: [
          alarm({ alarmName: "firing", stateValue: "ALARM", alarmActions: [] }),
          alarm({ alarmName: "quiet" }),
          alarm({
            alarmName: "orphan",
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: "gone" },
          }),
        ],
      },
    ],
    logGroups: [
      { observedAt: AT, records: [logGroup({ logGroupName: "/forever", retentionInDays: null }), logGroup()] },
    ],
    accountConcurrency: [
      {
        observedAt: AT,
        records: [
          {
            account: "123456789012",
            region: "eu-west-1",
            concurrentExecutionsLimit: 1000,
            unreservedConcurrentExecutions: 900,
            peakConcurrentExecutions: 850,
          },
        ],
      },
    ],
  };
}

describe("the rules engine", () => {
  it("registers the eight starting rules of DESIGN.md, the five of issue 12 and the fifteen of the metric catalogue once each", () => {
    expect(RULES.map((r) => r.id)).toEqual([
      "ec2.status-impaired",
      "ec2.scheduled-event",
      "lambda.errors",
      "lambda.throttles",
      "lambda.duration-near-timeout",
      "lambda.deprecated-runtime",
      "lambda.unmonitored",
      "lambda.state-failed",
      "lambda.concurrency-near-limit",
      "cloudwatch.alarm-firing",
      "cloudwatch.alarm-orphaned",
      "cloudwatch.alarm-actions-disabled",
      "logs.no-retention",
      "apigw.5xx-rate",
      "apigw.4xx-rate",
      "apigw.latency-p99",
      "apigw.traffic-stopped",
      "dynamodb.system-errors",
      "dynamodb.throttles",
      "dynamodb.user-errors",
      "ecs.cpu-high",
      "ecs.memory-high",
      "alb.target-5xx-rate",
      "alb.elb-5xx-rate",
      "alb.unhealthy-hosts",
      "alb.target-response-time",
      "sqs.message-age",
      "ec2.cpu-high",
    ]);
  });

  it("runs every rule and returns the findings sorted, nothing on healthy resources", () => {
    const findings = runRules(brokenAccount());
    expect(findings.map((f) => `${f.severity} ${f.ruleId} ${f.resourceId}`)).toEqual([
      "high alb.elb-5xx-rate app/web/1",
      "high alb.target-5xx-rate app/web/1",
      "high alb.unhealthy-hosts targetgroup/web/1",
      "high apigw.5xx-rate orders",
      "high apigw.traffic-stopped legacy",
      "high cloudwatch.alarm-actions-disabled firing",
      "high cloudwatch.alarm-firing firing",
      "high dynamodb.system-errors sessions",
      "high ec2.status-impaired i-bad",
      "high ec2.status-impaired i-ebs",
      "high lambda.concurrency-near-limit account",
      "high lambda.duration-near-timeout slow",
      "high lambda.errors flaky",
      "high lambda.state-failed broken",
      "medium alb.target-response-time app/web/1",
      "medium apigw.4xx-rate orders",
      "medium apigw.latency-p99 orders",
      "medium cloudwatch.alarm-orphaned orphan",
      "medium dynamodb.throttles sessions",
      "medium ec2.scheduled-event i-bad",
      "medium ecs.cpu-high prod/api",
      "medium ecs.memory-high prod/api",
      "medium lambda.deprecated-runtime legacy",
      "medium lambda.throttles flaky",
      "medium lambda.unmonitored flaky",
      "medium sqs.message-age jobs",
      "low dynamodb.user-errors account",
      "low ec2.cpu-high i-0abc",
      "low logs.no-retention /forever",
    ]);
    expect(findings.every((f) => f.observedAt === AT)).toBe(true);
  });

  it("gives every finding the fields of DESIGN.md in one order", () => {
    const findings = runRules(brokenAccount());
    expect(new Set(findings.map((f) => f.ruleId)).size).toBe(RULES.length);
    for (const f of findings) {
      expect(Object.keys(f), f.ruleId).toEqual([
        "ruleId",
        "severity",
        "title",
        "resourceType",
        "resourceId",
        "arn",
        "account",
        "region",
        "evidence",
        "observedAt",
        "related",
      ]);
    }
  });

  it("is deterministic: the same data gives byte-identical JSON whatever the batch order", () => {
    const data = brokenAccount();
    const shuffled: TriageData = {
      ...data,
      metrics: [...data.metrics].reverse(),
      alarms: data.alarms.map((b) => ({ ...b, records: [...b.records].reverse() })),
    };
    expect(JSON.stringify(runRules(shuffled))).toBe(JSON.stringify(runRules(data)));
  });

  it("stamps each finding with the time its own batch was fetched and judges runtimes on that day", () => {
    const data = emptyTriageData();
    data.functions = [
      {
        observedAt: "2025-08-31T23:59:59.000Z",
        records: [lambdaFunction({ functionName: "before", runtime: "nodejs18.x" })],
      },
      {
        observedAt: "2025-09-01T00:00:00.000Z",
        records: [lambdaFunction({ functionName: "on", runtime: "nodejs18.x", region: "us-west-2" })],
      },
    ];
    const findings = runRules(data);
    expect(findings.map((f) => [f.resourceId, f.observedAt])).toEqual([["on", "2025-09-01T00:00:00.000Z"]]);
    expect(dayOf("2025-09-01T00:00:00.000Z")).toBe("2025-09-01");
  });

  it("returns no findings for no data", () => {
    expect(runRules(emptyTriageData())).toEqual([]);
  });

  it("takes a missing timeout from the function list of the same account and region", () => {
    const data = emptyTriageData();
    data.functions = [
      {
        observedAt: AT,
        records: [
          lambdaFunction({ functionName: "slow", timeout: 10 }),
          lambdaFunction({ functionName: "slow", timeout: 1, region: "us-west-2" }),
        ],
      },
    ];
    data.metrics = [
      { observedAt: AT, records: [lambdaMetrics({ functionName: "slow", durationMaxMs: 8500, timeoutMs: null })] },
    ];
    const findings = runRules(data);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: "lambda.duration-near-timeout",
        resourceId: "slow",
        evidence: expect.objectContaining({ timeoutMs: 10_000 }),
      }),
    ]);
  });

  it("keeps a timeout the metrics record already has", () => {
    const data = emptyTriageData();
    data.metrics = [
      { observedAt: AT, records: [lambdaMetrics({ functionName: "f", durationMaxMs: 4500, timeoutMs: 5000 })] },
    ];
    data.functions = [{ observedAt: AT, records: [lambdaFunction({ functionName: "f", timeout: 60 })] }];
    expect(runRules(data)).toEqual([
      expect.objectContaining({
        ruleId: "lambda.duration-near-timeout",
        evidence: expect.objectContaining({ timeoutMs: 5000 }),
      }),
    ]);
  });
});
