import { describe, expect, it } from "vitest";
import {
  ecsServiceEdges,
  eventSourceEdges,
  httpApiEdges,
  restApiEdges,
  targetGroupEdges,
} from "../../../src/normalize/graph.js";

const place = { account: "123456789012", region: "us-east-1" };
const ends = (edges: ReadonlyArray<{ from: { resourceId: string }; to: { resourceId: string } }>) =>
  edges.map((e) => `${e.from.resourceId} -> ${e.to.resourceId}`);

describe("graph edges", () => {
  it("a REST API → the function of its Lambda proxy integration, named as its ApiName dimension, once", () => {
    const uri =
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-handler/invocations";
    const edges = restApiEdges(
      {
        apiId: "a1",
        apiName: "orders-api",
        integrations: [
          { path: "/o", method: "GET", type: "AWS_PROXY", uri },
          { path: "/o", method: "POST", type: "AWS_PROXY", uri },
          { path: "/m", method: "GET", type: "MOCK", uri: null },
        ],
      },
      place,
    );
    expect(ends(edges)).toEqual(["orders-api -> orders-handler"]);
    expect(edges[0]?.to.arn).toBe("arn:aws:lambda:us-east-1:123456789012:function:orders-handler");
  });

  it("an HTTP API (named by ApiId) → a function by ARN (alias dropped) and an HTTP backend", () => {
    const edges = httpApiEdges(
      {
        apiId: "h1",
        apiName: "x",
        protocolType: "HTTP",
        integrations: [
          { type: "AWS_PROXY", uri: "arn:aws:lambda:us-east-1:123456789012:function:fn:live" },
          { type: "HTTP_PROXY", uri: "https://backend.example/x" },
        ],
      },
      place,
    );
    expect(ends(edges)).toEqual(["h1 -> fn", "h1 -> https://backend.example/x"]);
  });

  it("load balancer → target group → instance targets; ip targets name no resource", () => {
    const lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/abc";
    const tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/def";
    const inst = targetGroupEdges(
      {
        arn: tg,
        name: "web-tg",
        targetType: "instance",
        loadBalancerArns: [lb],
        targets: [{ id: "i-1", port: 80, state: "healthy" }],
      },
      place,
    );
    expect(ends(inst)).toEqual(["app/web/abc -> targetgroup/web-tg/def", "targetgroup/web-tg/def -> i-1"]);
    const ip = targetGroupEdges(
      {
        arn: tg,
        name: "web-tg",
        targetType: "ip",
        loadBalancerArns: [lb],
        targets: [{ id: "10.0.0.1", port: 80, state: null }],
      },
      place,
    );
    expect(ends(ip)).toEqual(["app/web/abc -> targetgroup/web-tg/def"]);
  });

  it("target group → the ECS service CLUSTER/SERVICE; queue and table stream → the consuming function", () => {
    const tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/def";
    expect(
      ends(
        ecsServiceEdges({ clusterName: "prod", serviceName: "web", serviceArn: null, targetGroupArns: [tg] }, place),
      ),
    ).toEqual(["targetgroup/web-tg/def -> prod/web"]);
    const fn = "arn:aws:lambda:us-east-1:123456789012:function:worker";
    const queue = eventSourceEdges(
      { uuid: "u", eventSourceArn: "arn:aws:sqs:us-east-1:123456789012:jobs", functionArn: fn, state: "Enabled" },
      place,
    );
    expect(queue.map((e) => [e.from.resourceType, e.from.resourceId, e.to.resourceId])).toEqual([
      ["sqs:queue", "jobs", "worker"],
    ]);
    const stream = eventSourceEdges(
      {
        uuid: "u",
        eventSourceArn: "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000",
        functionArn: fn,
        state: "Enabled",
      },
      place,
    );
    expect(stream.map((e) => [e.from.resourceType, e.from.resourceId])).toEqual([["dynamodb:table", "orders"]]);
  });
});
