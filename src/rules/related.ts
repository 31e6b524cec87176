/**
 * Cross-references between resources, built once per run from the records alone (so it works
 * offline): a function and its log group, an alarm and the resources its dimensions name, a
 * resource and the alarms that watch it. Each finding then carries the relations of its
 * resource as `related`.
 */
import type { AlarmRecord, Finding, RelatedResource } from "../records/index.js";
import { alarmArn, buildArn, functionArn, instanceArn, logGroupArn, partitionOf } from "./arn.js";
import { ACCOUNT_RESOURCE_ID } from "../normalize/graph.js";
import type { TriageData } from "./types.js";
import { kindOf, resourceIdOf } from "../health/catalogue.js";
import { compareText } from "../normalize/order.js";
import { functionLogGroup } from "../normalize/lambda.js";

type Relation = RelatedResource["relation"];

interface Ref {
  account: string | null;
  region: string;
  resourceType: string;
  resourceId: string;
  arn: string | null;
}

const keyOf = (r: Pick<Ref, "account" | "region" | "resourceType" | "resourceId">) =>
  JSON.stringify([r.account, r.region, r.resourceType, r.resourceId]);

interface WatchedMetric {
  namespace: string | null;
  metricName: string | null;
  dimensions: Record<string, string>;
}

/**
 * What the catalogue does not ask about but alarms usually watch: an API by stage
 * (`{ApiName, Stage}`, `{ApiId, Stage}`), and the account itself for AWS/Lambda's dimensionless
 * metrics (`ConcurrentExecutions`, `Throttles` across every function).
 */
function namedByDimensions(
  namespace: string | null,
  dimensions: Record<string, string>,
  place: Pick<AlarmRecord, "account" | "region">,
): Ref | undefined {
  const names = Object.keys(dimensions);
  const base = { account: place.account, region: place.region };
  if (namespace === "AWS/ApiGateway" && names.includes("Stage")) {
    const api = dimensions.ApiName ?? dimensions.ApiId;
    if (api === undefined) return undefined;
    const arn =
      dimensions.ApiId === undefined
        ? null
        : `arn:${partitionOf(place.region)}:apigateway:${place.region}::/apis/${api}`;
    return { ...base, resourceType: "apigateway:api", resourceId: api, arn };
  }
  if (namespace === "AWS/Lambda" && names.length === 0)
    return { ...base, resourceType: "lambda:account", resourceId: ACCOUNT_RESOURCE_ID, arn: null };
  return undefined;
}

/**
 * The resources an alarm's dimensions name: the ones awstriage lists (functions, instances),
 * and those of the metric catalogue (an alarm on an API's 5XXError watches that API).
 */
export function watchedBy(alarm: AlarmRecord): Ref[] {
  const refs: Ref[] = [];
  // A composite alarm watches alarms, not metrics.
  if (alarm.alarmType === "composite") return refs;
  const base = { account: alarm.account, region: alarm.region };
  // A metric-math alarm watches the metrics its expressions read too (a plain alarm lists none).
  const watched: WatchedMetric[] = [alarm, ...alarm.metrics];
  for (const { namespace, metricName, dimensions } of watched) {
    const fn = dimensions.FunctionName;
    if (fn !== undefined)
      refs.push({
        ...base,
        resourceType: "lambda:function",
        resourceId: fn,
        arn: functionArn(alarm.region, alarm.account, fn),
      });
    const instance = dimensions.InstanceId;
    if (instance !== undefined)
      refs.push({
        ...base,
        resourceType: "ec2:instance",
        resourceId: instance,
        arn: instanceArn(alarm.region, alarm.account, instance),
      });
    const named = namedByDimensions(namespace, dimensions, alarm);
    if (named !== undefined) refs.push(named);
    const kind = namespace && metricName ? kindOf(namespace, metricName, Object.keys(dimensions)) : undefined;
    if (named === undefined && kind !== undefined && kind.resourceType !== "ec2:instance")
      refs.push({
        ...base,
        resourceType: kind.resourceType,
        resourceId: resourceIdOf(kind, dimensions),
        arn: kind.arn(
          kind.idDimensions.map((d) => dimensions[d] ?? ""),
          alarm.region,
          alarm.account,
        ),
      });
  }
  return refs;
}

/** Every relation of every resource in `data`, by resource. */
export function buildRelations(data: TriageData): Map<string, RelatedResource[]> {
  const relations = new Map<string, RelatedResource[]>();
  const link = (from: Ref, to: Ref, relation: Relation) => {
    const key = keyOf(from);
    const list = relations.get(key) ?? [];
    const entry = { arn: to.arn, resourceType: to.resourceType, resourceId: to.resourceId, relation };
    if (
      !list.some((r) => r.relation === relation && r.resourceType === to.resourceType && r.resourceId === to.resourceId)
    )
      list.push(entry);
    relations.set(key, list);
  };

  const logGroups = new Map<string, Ref>();
  for (const batch of data.logGroups)
    for (const g of batch.records) {
      const ref = {
        account: g.account,
        region: g.region,
        resourceType: "logs:log-group",
        resourceId: g.logGroupName,
        arn: logGroupArn(g.region, g.account, g.logGroupName, g.arn),
      };
      logGroups.set(keyOf(ref), ref);
    }
  const functions = new Map<string, Ref>();
  /** A function's log group when its LoggingConfig names one; others use Lambda's default. */
  const customGroups = new Map<string, string>();
  for (const batch of data.functions)
    for (const f of batch.records) {
      const ref = {
        account: f.account,
        region: f.region,
        resourceType: "lambda:function",
        resourceId: f.functionName,
        arn: f.functionArn,
      };
      functions.set(keyOf(ref), ref);
      customGroups.set(keyOf(ref), functionLogGroup(f));
    }
  for (const batch of data.metrics)
    for (const m of batch.records) {
      const ref = {
        account: m.account,
        region: m.region,
        resourceType: "lambda:function",
        resourceId: m.functionName,
        arn: functionArn(m.region, m.account, m.functionName),
      };
      if (!functions.has(keyOf(ref))) functions.set(keyOf(ref), ref);
    }

  for (const fn of functions.values()) {
    const groupName = customGroups.get(keyOf(fn)) ?? functionLogGroup({ functionName: fn.resourceId });
    const group = logGroups.get(keyOf({ ...fn, resourceType: "logs:log-group", resourceId: groupName }));
    if (group === undefined) continue;
    link(fn, group, "log-group");
    link(group, fn, "function");
  }
  for (const batch of data.alarms)
    for (const alarm of batch.records) {
      const ref = {
        account: alarm.account,
        region: alarm.region,
        resourceType: "cloudwatch:alarm",
        resourceId: alarm.alarmName,
        arn: alarm.alarmArn ?? alarmArn(alarm.region, alarm.account, alarm.alarmName),
      };
      for (const watched of watchedBy(alarm)) {
        link(ref, functions.get(keyOf(watched)) ?? watched, "watches");
        link(watched, ref, "watched-by");
      }
    }
  // A target group's metrics name the load balancer it serves (TargetGroup + LoadBalancer).
  for (const batch of data.metricValues)
    for (const m of batch.records) {
      const lb = m.dimensions.LoadBalancer;
      if (m.resourceType !== "elasticloadbalancing:targetgroup" || lb === undefined) continue;
      const base = { account: m.account, region: m.region };
      const group = { ...base, resourceType: m.resourceType, resourceId: m.resourceId, arn: m.arn };
      const balancer = {
        ...base,
        resourceType: "elasticloadbalancing:loadbalancer",
        resourceId: lb,
        arn: buildArn("elasticloadbalancing", m.region, m.account, `loadbalancer/${lb}`),
      };
      link(group, balancer, "load-balancer");
      link(balancer, group, "target-group");
    }
  for (const list of relations.values()) list.sort(compareRelated);
  return relations;
}

const compareRelated = (a: RelatedResource, b: RelatedResource) =>
  compareText(a.relation, b.relation) ||
  compareText(a.resourceType, b.resourceType) ||
  compareText(a.resourceId, b.resourceId);

/** The relations of a finding's resource. */
export function relatedTo(
  finding: Pick<Finding, "account" | "region" | "resourceType" | "resourceId">,
  relations: ReadonlyMap<string, RelatedResource[]>,
): RelatedResource[] {
  return relations.get(keyOf(finding)) ?? [];
}
