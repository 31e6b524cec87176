/**
 * A finding in a few words, for an incident's one-line title: the resource's short name
 * (`web-lb`, not `app/web-lb/50dc…`) and its signal (`5XX 8%`, `throttled 11%`).
 */
import type { Finding } from "../records/index.js";
import { percent } from "../output/percent.js";

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** What a person calls the resource: a load balancer or target group by its name alone. */
export function shortName(f: Pick<Finding, "resourceType" | "resourceId" | "evidence">): string {
  if (f.resourceType === "ec2:instance" && typeof f.evidence.name === "string" && f.evidence.name !== "")
    return f.evidence.name;
  if (f.resourceType === "elasticloadbalancing:loadbalancer" || f.resourceType === "elasticloadbalancing:targetgroup") {
    const parts = f.resourceId.split("/");
    return parts.length >= 3 ? (parts[parts.length - 2] as string) : f.resourceId;
  }
  if (f.resourceType.endsWith(":account")) return "account";
  return f.resourceId;
}

type Signal = (e: Record<string, unknown>) => string | undefined;

const rate =
  (label: string): Signal =>
  (e) => {
    const v = num(e.value);
    return v === undefined ? undefined : `${label} ${percent(v)}`;
  };
const ms =
  (label: string): Signal =>
  (e) => {
    const v = num(e.value);
    return v === undefined ? undefined : `${label} ${Math.round(v)} ms`;
  };

const SIGNALS: Readonly<Record<string, Signal>> = {
  "apigw.5xx-rate": rate("5XX"),
  "apigw.4xx-rate": rate("4XX"),
  "apigw.latency-p99": ms("p99"),
  "apigw.traffic-stopped": () => "no traffic",
  "alb.elb-5xx-rate": rate("5XX"),
  "alb.target-5xx-rate": rate("target 5XX"),
  "alb.target-response-time": ms("response time"),
  "alb.unhealthy-hosts": (e) =>
    e.healthyHostsMin === 0 ? "no healthy host" : `${num(e.value) ?? "?"} unhealthy hosts`,
  "lambda.errors": (e) => (num(e.errorRate) === undefined ? undefined : `errors ${percent(e.errorRate)}`),
  "lambda.throttles": (e) => (num(e.throttleRate) === undefined ? undefined : `throttled ${percent(e.throttleRate)}`),
  "lambda.concurrency-near-limit": (e) => `concurrency ${e.peakConcurrentExecutions}/${e.concurrentExecutionsLimit}`,
  "lambda.duration-near-timeout": () => "near its timeout",
  "sqs.message-age": (e) => {
    const v = num(e.value);
    return v === undefined ? undefined : `oldest message ${Math.round(v / 60_000)} min`;
  },
  "dynamodb.throttles": (e) => `throttled ${num(e.value) ?? "?"}`,
  "ecs.cpu-high": (e) => `CPU ${Math.round(num(e.value) ?? 0)}%`,
  "ecs.memory-high": (e) => `memory ${Math.round(num(e.value) ?? 0)}%`,
  "ec2.status-impaired": () => "impaired",
  "cloudwatch.alarm-firing": () => "alarm",
};

/**
 * `Function pay: 3 errors` → `3 errors`, for rules without a signal of their own. The incident
 * names the resource by shortName already, so an instance's `(Name tag)` after its id goes too.
 */
function fromTitle(f: Finding): string {
  const at = f.title.indexOf(f.resourceId);
  let rest = at < 0 ? f.title : f.title.slice(at + f.resourceId.length);
  const name = shortName(f);
  if (at >= 0 && name !== f.resourceId && rest.startsWith(` (${name})`)) rest = rest.slice(name.length + 3);
  const text = rest.replace(/^:?\s+/, "") || f.title;
  // By code point: a cut inside an emoji's surrogate pair would print a lone half.
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : text;
}

export function signalOf(f: Finding): string {
  if (f.ruleId === "cloudwatch.alarm-firing") return `alarm ${f.resourceId}`;
  return SIGNALS[f.ruleId]?.(f.evidence) ?? fromTitle(f);
}
