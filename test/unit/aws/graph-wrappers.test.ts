import { afterEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { APIGatewayClient, GetResourcesCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApisCommand, GetIntegrationsCommand } from "@aws-sdk/client-apigatewayv2";
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand } from "@aws-sdk/client-ecs";
import { restApiIntegrations } from "../../../src/aws/apigateway.js";
import { httpApiIntegrations } from "../../../src/aws/apigatewayv2.js";
import { describeTargetGroups } from "../../../src/aws/elbv2.js";
import { describeAllServices } from "../../../src/aws/ecs.js";
import { AwsApiError } from "../../../src/errors/errors.js";
import { testProvider } from "../../helpers/unit.js";
import { sdkError } from "../../helpers/sdk-error.js";

const stubs: Array<{ restore(): void }> = [];
afterEach(() => {
  for (const s of stubs.splice(0)) s.restore();
});

describe("graph wrappers", () => {
  it("REST: asks GetResources with embed=methods per API and keeps each method's integration", async () => {
    const apigw = mockClient(APIGatewayClient);
    stubs.push(apigw);
    apigw.on(GetRestApisCommand).resolves({ items: [{ id: "a1", name: "orders-api" }] });
    const asked: unknown[] = [];
    apigw.on(GetResourcesCommand).callsFake((input) => {
      asked.push(input);
      return {
        items: [
          { path: "/" },
          {
            path: "/orders",
            resourceMethods: { GET: { methodIntegration: { type: "AWS_PROXY", uri: "arn:fn/invocations" } } },
          },
        ],
      };
    });
    const apis = await restApiIntegrations(testProvider(), "us-east-1");
    expect(asked).toEqual([expect.objectContaining({ restApiId: "a1", embed: ["methods"] })]);
    expect(apis).toEqual([
      {
        apiId: "a1",
        apiName: "orders-api",
        integrations: [{ path: "/orders", method: "GET", type: "AWS_PROXY", uri: "arn:fn/invocations" }],
      },
    ]);
  });

  it("HTTP APIs: follows NextToken for the APIs and for each API's integrations", async () => {
    const v2 = mockClient(ApiGatewayV2Client);
    stubs.push(v2);
    v2.on(GetApisCommand, { NextToken: undefined })
      .resolves({
        Items: [{ ApiId: "h1", Name: "one", ProtocolType: "HTTP", RouteSelectionExpression: "$x" }],
        NextToken: "t",
      })
      .on(GetApisCommand, { NextToken: "t" })
      .resolves({ Items: [{ ApiId: "h2", Name: "two", ProtocolType: "HTTP", RouteSelectionExpression: "$x" }] });
    v2.on(GetIntegrationsCommand).callsFake((input: { ApiId: string; NextToken?: string }) =>
      input.NextToken === undefined
        ? { Items: [{ IntegrationType: "AWS_PROXY", IntegrationUri: `arn:${input.ApiId}` }], NextToken: "n" }
        : { Items: [{ IntegrationType: "HTTP_PROXY", IntegrationUri: "https://backend" }] },
    );
    const apis = await httpApiIntegrations(testProvider(), "us-east-1");
    expect(apis.map((a) => [a.apiId, a.integrations.map((i) => i.uri)])).toEqual([
      ["h1", ["arn:h1", "https://backend"]],
      ["h2", ["arn:h2", "https://backend"]],
    ]);
  });

  it("ELBv2: one DescribeTargetHealth per target group, the load balancers each serves kept", async () => {
    const elb = mockClient(ElasticLoadBalancingV2Client);
    stubs.push(elb);
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        { TargetGroupArn: "tg1", TargetGroupName: "web", TargetType: "ip", LoadBalancerArns: ["lb1"] },
        { TargetGroupArn: "tg2", TargetGroupName: "idle", TargetType: "instance" },
      ],
    });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: "tg1" }).resolves({
      TargetHealthDescriptions: [{ Target: { Id: "10.0.0.1", Port: 80 }, TargetHealth: { State: "unhealthy" } }],
    });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: "tg2" }).resolves({});
    const groups = await describeTargetGroups(testProvider(), "us-east-1");
    expect(elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(2);
    expect(groups).toEqual([
      {
        arn: "tg1",
        name: "web",
        targetType: "ip",
        loadBalancerArns: ["lb1"],
        targets: [{ id: "10.0.0.1", port: 80, state: "unhealthy" }],
      },
      { arn: "tg2", name: "idle", targetType: "instance", loadBalancerArns: [], targets: [] },
    ]);
  });

  it("ECS: DescribeServices in batches of 10 per cluster", async () => {
    const ecs = mockClient(ECSClient);
    stubs.push(ecs);
    ecs.on(ListClustersCommand).resolves({ clusterArns: ["arn:aws:ecs:us-east-1:1:cluster/prod"] });
    const arns = Array.from({ length: 12 }, (_, i) => `arn:aws:ecs:us-east-1:1:service/prod/s${i}`);
    ecs.on(ListServicesCommand).resolves({ serviceArns: arns });
    ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services.map((arn) => ({
        serviceArn: arn,
        serviceName: arn.split("/").pop(),
        clusterArn: "arn:aws:ecs:us-east-1:1:cluster/prod",
        loadBalancers: [{ targetGroupArn: `tg-${arn.split("/").pop()}` }],
        deployments: [
          {
            id: "ecs-svc/1",
            status: "PRIMARY",
            taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/web:7",
            createdAt: new Date("2026-12-07T06:00:00Z"),
            updatedAt: new Date("2026-12-07T06:04:00Z"),
            rolloutState: "COMPLETED",
          },
        ],
      })),
    }));
    const services = await describeAllServices(testProvider(), "us-east-1");
    expect(ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services?.length)).toEqual([10, 2]);
    expect(services[11]).toEqual({
      clusterName: "prod",
      serviceName: "s11",
      serviceArn: arns[11],
      targetGroupArns: ["tg-s11"],
      // Kept for the changes: ISO times, as the cache keeps them.
      deployments: [
        {
          id: "ecs-svc/1",
          status: "PRIMARY",
          taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/web:7",
          createdAt: "2026-12-07T06:00:00.000Z",
          updatedAt: "2026-12-07T06:04:00.000Z",
          rolloutState: "COMPLETED",
        },
      ],
    });
  });

  it("maps AccessDeniedException to an AWS API error naming the call", async () => {
    const ecs = mockClient(ECSClient);
    stubs.push(ecs);
    ecs.on(ListClustersCommand).rejects(sdkError("AccessDeniedException", 403));
    const error = await describeAllServices(testProvider(), "eu-west-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsApiError);
    expect((error as Error).message).toContain("ListClusters");
  });
});
