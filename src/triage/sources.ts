/**
 * What `triage` reads, one source per cached resource family: EC2 instance status, Lambda
 * (the function list and its metrics over `--since`), CloudWatch alarms, CloudWatch Logs
 * groups. Each reads src/sources/, so the same cache entries as its own command.
 */
import { instanceStatusBatches } from "../sources/ec2.js";
import { lambdaBatches } from "../sources/lambda.js";
import { alarmBatches } from "../sources/cloudwatch.js";
import { logGroupBatches } from "../sources/logs.js";
import type { TriageSource } from "./gather.js";

export const TRIAGE_SOURCES: readonly TriageSource[] = [
  { name: "ec2/instance-status", collect: async (run) => ({ instanceStatuses: await instanceStatusBatches(run) }) },
  { name: "lambda/functions", collect: (run, options) => lambdaBatches(run, options) },
  { name: "cloudwatch/alarms", collect: async (run) => ({ alarms: await alarmBatches(run) }) },
  { name: "logs/groups", collect: async (run) => ({ logGroups: await logGroupBatches(run) }) },
];
