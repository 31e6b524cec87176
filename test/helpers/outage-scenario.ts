/**
 * The multi-service outage of issue 22, seeded into moto through the SDK, with a healthy twin
 * of each broken part:
 * - API `orders-api` → `orders-handler` (REST, Lambda proxy) answering 8 % 5XX because the
 *   function is throttled (250 of 2,250 attempts) because account concurrency peaked at 980 of
 *   1,000 (the limit comes from the GetAccountSettings stand-in); twin `catalog-api` → `catalog-handler`.
 * - Load balancer `web-lb` answering 10 % 5XX itself → target group `web-tg` with no healthy
 *   host → ECS service `prod/web`; twin `idle-lb` → `idle-tg` → `prod/idle`, with one slow request.
 * - Queue `jobs` → `worker` (event source mapping) backing up while the worker fails 10 %;
 *   twin `jobs-twin` → `worker-twin`.
 * - Alarms in ALARM on the API by stage, the account's ConcurrentExecutions, the target group
 *   and the queue; the twins' alarms are OK.
 */
import {
  APIGatewayClient,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from "@aws-sdk/client-api-gateway";
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  CreateListenerCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { seedConfig } from "./aws-env.js";
import { createAlarm, createFunctions, putMetricData } from "./seed-services.js";
import { one, spread } from "./metric-scenario.js";

export const OUTAGE_REGION = "us-east-1";
export const OUTAGE_ACCOUNT = "123456789012";

async function restApi(endpoint: string, name: string, functionName: string): Promise<void> {
  const r = OUTAGE_REGION;
  const api = new APIGatewayClient(seedConfig(endpoint, r));
  const { id } = await api.send(new CreateRestApiCommand({ name }));
  const restApiId = id as string;
  const root = (await api.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id as string;
  const resource = await api.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: "orders" }));
  const resourceId = resource.id as string;
  await api.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
  const fn = `arn:aws:lambda:${r}:${OUTAGE_ACCOUNT}:function:${functionName}`;
  await api.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId,
      httpMethod: "GET",
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: `arn:aws:apigateway:${r}:lambda:path/2015-03-31/functions/${fn}/invocations`,
    }),
  );
  api.destroy();
}

/** Load balancer → target group (ip) → ECS service; returns the CloudWatch dimension values. */
async function webStack(
  endpoint: string,
  subnets: string[],
  vpc: string,
  name: string,
  service: string,
): Promise<{ lb: string; tg: string }> {
  const elb = new ElasticLoadBalancingV2Client(seedConfig(endpoint, OUTAGE_REGION));
  const lbArn = (await elb.send(new CreateLoadBalancerCommand({ Name: `${name}-lb`, Subnets: subnets })))
    .LoadBalancers?.[0]?.LoadBalancerArn as string;
  const tgArn = (
    await elb.send(
      new CreateTargetGroupCommand({ Name: `${name}-tg`, Protocol: "HTTP", Port: 80, VpcId: vpc, TargetType: "ip" }),
    )
  ).TargetGroups?.[0]?.TargetGroupArn as string;
  await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }],
    }),
  );
  elb.destroy();
  const ecs = new ECSClient(seedConfig(endpoint, OUTAGE_REGION));
  await ecs.send(
    new CreateServiceCommand({
      cluster: "prod",
      serviceName: service,
      taskDefinition: "web",
      desiredCount: 1,
      loadBalancers: [{ targetGroupArn: tgArn, containerName: "web", containerPort: 80 }],
    }),
  );
  ecs.destroy();
  return {
    lb: lbArn.slice(lbArn.indexOf(":loadbalancer/") + ":loadbalancer/".length),
    tg: tgArn.slice(tgArn.lastIndexOf(":") + 1),
  };
}

/** moto's SQS speaks the query protocol and checks no signature: no SQS client needed for one call. */
async function createQueue(endpoint: string, name: string): Promise<string> {
  const body = new URLSearchParams({ Action: "CreateQueue", QueueName: name, Version: "2012-11-05" });
  const answer = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${OUTAGE_REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  if (!answer.ok) throw new Error(`CreateQueue ${name}: HTTP ${answer.status}`);
  return `arn:aws:sqs:${OUTAGE_REGION}:${OUTAGE_ACCOUNT}:${name}`;
}

export interface OutageIds {
  lb: string;
  tg: string;
  idleLb: string;
  idleTg: string;
}

export async function seedOutage(endpoint: string): Promise<OutageIds> {
  const r = OUTAGE_REGION;
  await createFunctions(
    endpoint,
    r,
    ["orders-handler", "catalog-handler", "worker", "worker-twin"].map((name) => ({
      name,
      runtime: "python3.13",
      timeout: 30,
    })),
  );
  await restApi(endpoint, "orders-api", "orders-handler");
  await restApi(endpoint, "catalog-api", "catalog-handler");

  const ec2 = new EC2Client(seedConfig(endpoint, r));
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc?.VpcId as string;
  const subnets: string[] = [];
  for (const [i, az] of ["a", "b"].entries())
    subnets.push(
      (
        await ec2.send(
          new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: `${r}${az}` }),
        )
      ).Subnet?.SubnetId as string,
    );
  ec2.destroy();
  const ecs = new ECSClient(seedConfig(endpoint, r));
  await ecs.send(new CreateClusterCommand({ clusterName: "prod" }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "web",
      containerDefinitions: [{ name: "web", image: "nginx", memory: 128 }],
    }),
  );
  ecs.destroy();
  const web = await webStack(endpoint, subnets, vpc, "web", "web");
  const idle = await webStack(endpoint, subnets, vpc, "idle", "idle");

  const lambda = new LambdaClient(seedConfig(endpoint, r));
  for (const [queue, fn] of [
    ["jobs", "worker"],
    ["jobs-twin", "worker-twin"],
  ] as const)
    await lambda.send(
      new CreateEventSourceMappingCommand({ EventSourceArn: await createQueue(endpoint, queue), FunctionName: fn }),
    );
  lambda.destroy();

  await putMetricData(endpoint, r, "AWS/ApiGateway", [
    ...spread("Count", { ApiName: "orders-api" }, 3000),
    ...spread("5XXError", { ApiName: "orders-api" }, 240),
    ...spread("Count", { ApiName: "catalog-api" }, 3000),
    ...one("5XXError", { ApiName: "catalog-api" }, 0),
  ]);
  await putMetricData(endpoint, r, "AWS/Lambda", [
    ...spread("Invocations", { FunctionName: "orders-handler" }, 2000),
    ...spread("Throttles", { FunctionName: "orders-handler" }, 250),
    ...spread("Invocations", { FunctionName: "catalog-handler" }, 3000),
    ...spread("Invocations", { FunctionName: "worker" }, 500),
    ...spread("Errors", { FunctionName: "worker" }, 50),
    ...spread("Invocations", { FunctionName: "worker-twin" }, 500),
    ...one("ConcurrentExecutions", {}, 980),
  ]);
  const lb = (id: string) => ({ LoadBalancer: id });
  const tg = (group: string, balancer: string) => ({ TargetGroup: group, LoadBalancer: balancer });
  await putMetricData(endpoint, r, "AWS/ApplicationELB", [
    ...spread("RequestCount", lb(web.lb), 6000),
    ...spread("HTTPCode_ELB_5XX_Count", lb(web.lb), 600),
    ...one("UnHealthyHostCount", tg(web.tg, web.lb), 2),
    ...one("HealthyHostCount", tg(web.tg, web.lb), 0),
    // The idle twin: one request, and it was slow.
    ...one("RequestCount", lb(idle.lb), 1),
    ...one("TargetResponseTime", lb(idle.lb), 0.9),
    ...one("UnHealthyHostCount", tg(idle.tg, idle.lb), 0),
    ...one("HealthyHostCount", tg(idle.tg, idle.lb), 2),
  ]);
  await putMetricData(endpoint, r, "AWS/SQS", [
    ...one("ApproximateAgeOfOldestMessage", { QueueName: "jobs" }, 1800),
    ...one("ApproximateAgeOfOldestMessage", { QueueName: "jobs-twin" }, 10),
  ]);

  const alarm = (namespace: string, metricName: string, dimensions: Record<string, string>) => ({
    namespace,
    metricName,
    dimensions,
  });
  await createAlarm(
    endpoint,
    r,
    "orders-api-5xx",
    "ALARM",
    alarm("AWS/ApiGateway", "5XXError", { ApiName: "orders-api", Stage: "prod" }),
  );
  await createAlarm(endpoint, r, "account-concurrency", "ALARM", alarm("AWS/Lambda", "ConcurrentExecutions", {}));
  await createAlarm(
    endpoint,
    r,
    "web-tg-unhealthy",
    "ALARM",
    alarm("AWS/ApplicationELB", "UnHealthyHostCount", tg(web.tg, web.lb)),
  );
  await createAlarm(
    endpoint,
    r,
    "jobs-age",
    "ALARM",
    alarm("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: "jobs" }),
  );
  await createAlarm(
    endpoint,
    r,
    "catalog-api-5xx",
    "OK",
    alarm("AWS/ApiGateway", "5XXError", { ApiName: "catalog-api", Stage: "prod" }),
  );
  await createAlarm(
    endpoint,
    r,
    "idle-tg-unhealthy",
    "OK",
    alarm("AWS/ApplicationELB", "UnHealthyHostCount", tg(idle.tg, idle.lb)),
  );
  // Errors and Throttles alarms, so no function is unmonitored (hygiene is not this test's subject).
  for (const fn of ["orders-handler", "catalog-handler", "worker", "worker-twin"])
    for (const metric of ["Errors", "Throttles"])
      await createAlarm(
        endpoint,
        r,
        `${fn}-${metric.toLowerCase()}`,
        "OK",
        alarm("AWS/Lambda", metric, { FunctionName: fn }),
      );
  return { lb: web.lb, tg: web.tg, idleLb: idle.lb, idleTg: idle.tg };
}
