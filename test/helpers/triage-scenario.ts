/**
 * One account with problems seeded in, for the triage integration test and the demo cache:
 * us-east-1 mixes broken and healthy resources, eu-west-1 is entirely healthy. Everything is
 * seeded through the SDK into moto, as a real account would have been set up.
 */
import { createAlarm, createFunctions, createLogGroup, putMetricData, type Datapoint } from "./seed-services.js";
import { runInstances } from "./seed.js";

export const BROKEN_REGION = "us-east-1";
export const HEALTHY_REGION = "eu-west-1";

/** Lambda metrics of one function over the last hour, split across two datapoints as CloudWatch would. */
function lambdaTraffic(
  name: string,
  t: { invocations: number; errors?: number; throttles?: number; durationMaxMs: number },
): Datapoint[] {
  const fn = { FunctionName: name };
  const half = Math.floor(t.invocations / 2);
  return [
    { metricName: "Invocations", dimensions: fn, value: half, minutesAgo: 40 },
    { metricName: "Invocations", dimensions: fn, value: t.invocations - half, minutesAgo: 10 },
    { metricName: "Errors", dimensions: fn, value: t.errors ?? 0, minutesAgo: 10 },
    { metricName: "Throttles", dimensions: fn, value: t.throttles ?? 0, minutesAgo: 10 },
    { metricName: "Duration", dimensions: fn, value: Math.round(t.durationMaxMs / 2), minutesAgo: 40 },
    { metricName: "Duration", dimensions: fn, value: t.durationMaxMs, minutesAgo: 10 },
  ];
}

const errorsMetric = (name: string) => ({
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: name },
});

/** Seeds the scenario; returns the instance ids of each region (moto reports them all healthy). */
export async function seedTriageScenario(
  endpoint: string,
): Promise<{ brokenInstances: string[]; healthyInstances: string[] }> {
  const r = BROKEN_REGION;
  const brokenInstances = await runInstances(endpoint, r, 2, { tags: { Name: "web" } });
  await createFunctions(endpoint, r, [
    { name: "orders-api", runtime: "python3.13", timeout: 10 },
    { name: "payments-worker", runtime: "python3.12", timeout: 60 },
    { name: "thumbnailer", runtime: "nodejs22.x", timeout: 3 },
    { name: "legacy-cron", runtime: "python3.8", timeout: 30 },
    { name: "search-indexer", runtime: "python3.13", timeout: 30 },
  ]);
  await putMetricData(endpoint, r, "AWS/Lambda", [
    ...lambdaTraffic("orders-api", { invocations: 500, durationMaxMs: 900 }),
    ...lambdaTraffic("payments-worker", { invocations: 400, errors: 40, throttles: 3, durationMaxMs: 4000 }),
    ...lambdaTraffic("thumbnailer", { invocations: 50, durationMaxMs: 2800 }),
    ...lambdaTraffic("search-indexer", { invocations: 1000, errors: 2, durationMaxMs: 1500 }),
    // Two hours ago: outside the default one-hour window, so it must not count.
    { metricName: "Errors", dimensions: { FunctionName: "orders-api" }, value: 500, minutesAgo: 120 },
  ]);
  await createAlarm(endpoint, r, "payments-5xx", "ALARM", errorsMetric("payments-worker"));
  await createAlarm(endpoint, r, "orders-latency", "OK", errorsMetric("orders-api"));
  await createAlarm(endpoint, r, "queue-age", "INSUFFICIENT_DATA", errorsMetric("search-indexer"));
  await createLogGroup(endpoint, r, "/aws/lambda/legacy-cron");
  await createLogGroup(endpoint, r, "/aws/lambda/orders-api", 14);

  const h = HEALTHY_REGION;
  const healthyInstances = await runInstances(endpoint, h, 1, { tags: { Name: "web" } });
  await createFunctions(endpoint, h, [{ name: "orders-api", runtime: "python3.13", timeout: 10 }]);
  await putMetricData(endpoint, h, "AWS/Lambda", lambdaTraffic("orders-api", { invocations: 100, durationMaxMs: 700 }));
  await createAlarm(endpoint, h, "orders-latency", "OK", errorsMetric("orders-api"));
  await createLogGroup(endpoint, h, "/aws/lambda/orders-api", 30);
  return { brokenInstances, healthyInstances };
}

/** What triage must report for the scenario, in its order: `severity ruleId resourceId region`. */
export const SCENARIO_FINDINGS = [
  "high cloudwatch.alarm-firing payments-5xx us-east-1",
  "high lambda.duration-near-timeout thumbnailer us-east-1",
  "high lambda.errors payments-worker us-east-1",
  "medium lambda.deprecated-runtime legacy-cron us-east-1",
  "medium lambda.errors search-indexer us-east-1",
  "medium lambda.throttles payments-worker us-east-1",
  "low cloudwatch.alarm-firing queue-age us-east-1",
  "low logs.no-retention /aws/lambda/legacy-cron us-east-1",
];
