/**
 * Which series each metric rule judged, and what a breaching period is. A rule judges the
 * window as a whole; per period, a count rule breaches where anything was counted, a rate or
 * level rule where the period alone would cross the threshold, and a stopped-traffic rule
 * where no request came. Findings of other rules have no series.
 */
import type { Finding } from "../records/index.js";

export type Plan =
  /** Per period a count (Sum); breaching where more than 0. */
  | { kind: "count"; metrics: readonly string[]; stat: "Sum" }
  /** A statistic, scaled to the threshold's unit; breaching as the rule compares. */
  | { kind: "level"; metrics: readonly string[]; stat: string; threshold: number; compare: ">=" | ">"; scale: number }
  /** errors / total per period (errors without traffic count as all failed). */
  | { kind: "rate"; metrics: readonly string[]; total: string; threshold: number }
  /** A request count; breaching where it is 0. */
  | { kind: "stopped"; metrics: readonly string[]; stat: "Sum" };

const num = (value: unknown): number => (typeof value === "number" ? value : Number.NaN);
const count = (...metrics: string[]): Plan => ({ kind: "count", metrics, stat: "Sum" });
const level =
  (metrics: string | readonly string[], stat: string, compare: ">=" | ">" = ">=", scale = 1) =>
  (f: Finding): Plan => ({
    kind: "level",
    metrics: typeof metrics === "string" ? [metrics] : metrics,
    stat,
    threshold: num(f.evidence.threshold),
    compare,
    scale,
  });
const rate =
  (metrics: readonly string[], total: string) =>
  (f: Finding): Plan => ({ kind: "rate", metrics, total, threshold: num(f.evidence.threshold) });

const PLANS: Readonly<Record<string, (f: Finding) => Plan>> = {
  "lambda.errors": () => count("Errors"),
  "lambda.throttles": () => count("Throttles"),
  "lambda.duration-near-timeout": (f) => ({
    ...(level("Duration", "Maximum")(f) as Extract<Plan, { kind: "level" }>),
    threshold: num(f.evidence.thresholdShare) * num(f.evidence.timeoutMs),
  }),
  "lambda.concurrency-near-limit": (f) => ({
    ...(level("ConcurrentExecutions", "Maximum")(f) as Extract<Plan, { kind: "level" }>),
    threshold: num(f.evidence.thresholdShare) * num(f.evidence.concurrentExecutionsLimit),
  }),
  "apigw.5xx-rate": rate(["5XXError", "5xx"], "Count"),
  "apigw.4xx-rate": rate(["4XXError", "4xx"], "Count"),
  "apigw.latency-p99": level("Latency", "p99"),
  "apigw.traffic-stopped": () => ({ kind: "stopped", metrics: ["Count"], stat: "Sum" }),
  "dynamodb.system-errors": () => count("SystemErrors"),
  "dynamodb.throttles": (f) => count(String(f.evidence.metric)),
  "dynamodb.user-errors": () => count("UserErrors"),
  "ecs.cpu-high": level("CPUUtilization", "Maximum"),
  "ecs.memory-high": level("MemoryUtilization", "Maximum"),
  "alb.target-5xx-rate": rate(["HTTPCode_Target_5XX_Count"], "RequestCount"),
  "alb.unhealthy-hosts": level("UnHealthyHostCount", "Maximum", ">"),
  // CloudWatch gives these in seconds; the thresholds are milliseconds.
  "alb.target-response-time": level("TargetResponseTime", "Maximum", ">=", 1000),
  "sqs.message-age": level("ApproximateAgeOfOldestMessage", "Maximum", ">=", 1000),
  "ec2.cpu-high": level("CPUUtilization", "Average"),
};

export const planFor = (finding: Finding): Plan | undefined => PLANS[finding.ruleId]?.(finding);

/** The rules whose findings carry a series (docs and tests). */
export const SERIES_RULES = Object.keys(PLANS);

/** The statistic each metric of a plan is asked with. */
export function metricsOf(plan: Plan): Array<{ metricName: string; stat: string }> {
  const stat = plan.kind === "rate" ? "Sum" : plan.stat;
  return [
    ...plan.metrics.map((metricName) => ({ metricName, stat })),
    ...(plan.kind === "rate" ? [{ metricName: plan.total, stat: "Sum" }] : []),
  ];
}

/** What a period's values make of the plan: the value judged, and whether it breaches. */
export function periodValue(plan: Plan, first: number | null, total: number | null): number | null {
  if (first === null) return plan.kind === "rate" && total !== null && total > 0 ? 0 : null;
  if (plan.kind === "rate") return total !== null && total > 0 ? first / total : first > 0 ? 1 : null;
  return plan.kind === "level" ? first * plan.scale : first;
}

export function breachOf(plan: Plan): (value: number) => boolean {
  if (plan.kind === "count") return (v) => v > 0;
  if (plan.kind === "stopped") return (v) => v === 0;
  if (plan.kind === "rate") return (v) => v >= plan.threshold;
  return plan.compare === ">=" ? (v) => v >= plan.threshold : (v) => v > plan.threshold;
}
