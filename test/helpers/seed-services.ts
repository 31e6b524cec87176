/** Seeds Lambda, CloudWatch and CloudWatch Logs in the emulator through the SDK. */
import { IAMClient, CreateRoleCommand, GetRoleCommand } from "@aws-sdk/client-iam";
import { LambdaClient, CreateFunctionCommand, type Runtime } from "@aws-sdk/client-lambda";
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { seedConfig } from "./aws-env.js";

/** The smallest valid zip (an empty archive): moto stores the code without running it. */
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
const ROLE_NAME = "awstriage-test-lambda";

async function lambdaRole(endpoint: string): Promise<string> {
  const iam = new IAMClient(seedConfig(endpoint));
  try {
    const existing = await iam.send(new GetRoleCommand({ RoleName: ROLE_NAME })).catch(() => undefined);
    if (existing?.Role?.Arn) return existing.Role.Arn;
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const created = await iam.send(new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: policy }));
    return created.Role?.Arn as string;
  } finally {
    iam.destroy();
  }
}

export interface FunctionSeed {
  name: string;
  runtime: string;
  timeout: number;
  memorySize?: number;
  environment?: Record<string, string>;
}

export async function createFunctions(endpoint: string, region: string, seeds: readonly FunctionSeed[]): Promise<void> {
  const role = await lambdaRole(endpoint);
  const lambda = new LambdaClient(seedConfig(endpoint, region));
  for (const seed of seeds) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: seed.name,
        Runtime: seed.runtime as Runtime,
        Role: role,
        Handler: "index.handler",
        Timeout: seed.timeout,
        MemorySize: seed.memorySize ?? 128,
        Code: { ZipFile: EMPTY_ZIP },
        ...(seed.environment ? { Environment: { Variables: seed.environment } } : {}),
      }),
    );
  }
  lambda.destroy();
}

export interface Datapoint {
  metricName: string;
  dimensions: Record<string, string>;
  value: number;
  minutesAgo: number;
}

export async function putMetricData(
  endpoint: string,
  region: string,
  namespace: string,
  points: readonly Datapoint[],
  now = Date.now(),
): Promise<void> {
  const cw = new CloudWatchClient(seedConfig(endpoint, region));
  await cw.send(
    new PutMetricDataCommand({
      Namespace: namespace,
      MetricData: points.map((p) => ({
        MetricName: p.metricName,
        Dimensions: Object.entries(p.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Value: p.value,
        Timestamp: new Date(now - p.minutesAgo * 60_000),
      })),
    }),
  );
  cw.destroy();
}

export async function createAlarm(
  endpoint: string,
  region: string,
  name: string,
  state: StateValue,
  metric: { namespace: string; metricName: string; dimensions: Record<string, string> },
  /** Who is notified: by default an on-call topic, with actions enabled. */
  notify: { actions?: string[]; enabled?: boolean } = {},
): Promise<void> {
  const cw = new CloudWatchClient(seedConfig(endpoint, region));
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      AlarmActions: notify.actions ?? [`arn:aws:sns:${region}:123456789012:oncall`],
      ActionsEnabled: notify.enabled ?? true,
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );
  await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `seeded ${state}` }));
  cw.destroy();
}

export async function createLogGroup(
  endpoint: string,
  region: string,
  name: string,
  retentionInDays?: number,
): Promise<void> {
  const logs = new CloudWatchLogsClient(seedConfig(endpoint, region));
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  if (retentionInDays !== undefined)
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }));
  logs.destroy();
}

/** Events of one stream, oldest first (PutLogEvents wants them in order). */
export async function putLogEvents(
  endpoint: string,
  region: string,
  group: string,
  stream: string,
  events: ReadonlyArray<{ minutesAgo: number; message: string }>,
  now = Date.now(),
): Promise<number[]> {
  const logs = new CloudWatchLogsClient(seedConfig(endpoint, region));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const logEvents = events
    .map((e) => ({ timestamp: now - e.minutesAgo * 60_000, message: e.message }))
    .sort((a, b) => a.timestamp - b.timestamp);
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
  logs.destroy();
  return logEvents.map((e) => e.timestamp);
}
