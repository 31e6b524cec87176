/** ECS deployments as changes: read (pure), gathered with the graph's one ECS read, and degraded to a note when denied. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand } from "@aws-sdk/client-ecs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient, DescribeAlarmHistoryCommand } from "@aws-sdk/client-cloudwatch";
import { deploymentChanges } from "../../../src/changes/deployments.js";
import { changeBatches } from "../../../src/changes/source.js";
import { ecsServiceEdgeBatches } from "../../../src/sources/graph.js";
import { resolveWindow } from "../../../src/time/window.js";
import { sdkError } from "../../helpers/sdk-error.js";
import { unitRun, type UnitRun } from "../../helpers/unit.js";

const TASK = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
const OLD_TASK = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6";

describe("ECS deployments as changes", () => {
  it("a change when each deployment began and when it last moved, to CLUSTER/SERVICE", () => {
    const changes = deploymentChanges({
      clusterName: "shop",
      serviceName: "web",
      deployments: [
        {
          id: "ecs-svc/2",
          status: "PRIMARY",
          taskDefinition: TASK,
          createdAt: "2026-12-07T06:00:00.000Z",
          updatedAt: "2026-12-07T06:04:00.000Z",
          rolloutState: "IN_PROGRESS",
        },
        {
          id: "ecs-svc/1",
          status: "ACTIVE",
          taskDefinition: OLD_TASK,
          createdAt: "2026-12-01T09:00:00.000Z",
          updatedAt: "2026-12-01T09:00:00.000Z",
          rolloutState: null,
        },
      ],
    });
    expect(changes).toEqual([
      { at: "2026-12-07T06:00:00.000Z", resource: "shop/web", what: "deployed web:7 to", who: null, source: "ecs" },
      {
        at: "2026-12-07T06:04:00.000Z",
        resource: "shop/web",
        what: "deployment of web:7 in progress on",
        who: null,
        source: "ecs",
      },
      // Never moved since it began: one change.
      { at: "2026-12-01T09:00:00.000Z", resource: "shop/web", what: "deployed web:6 to", who: null, source: "ecs" },
    ]);
  });

  it("an entry cached before deployments were kept, or not in their shape, gives none", () => {
    expect(deploymentChanges({ clusterName: "shop", serviceName: "web" })).toEqual([]);
    const odd = { clusterName: "shop", serviceName: "web", deployments: [{ createdAt: 42 }] };
    expect(deploymentChanges(odd as never)).toEqual([]);
  });
});

describe("the changes source's ECS part", () => {
  const window = resolveWindow({ kind: "ago", text: "2h", ms: 7_200_000 }, undefined, Date.now());
  const options = { since: "2h", window };
  let ecs: AwsClientStub<ECSClient>;
  let stubs: Array<{ restore(): void }>;
  let unit: UnitRun;
  beforeEach(async () => {
    ecs = mockClient(ECSClient);
    const ct = mockClient(CloudTrailClient);
    const ec2 = mockClient(EC2Client);
    const sts = mockClient(STSClient);
    const cw = mockClient(CloudWatchClient);
    stubs = [ecs, ct, ec2, sts, cw];
    cw.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/u" });
    ct.on(LookupEventsCommand).resolves({ Events: [] });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    unit = await unitRun();
  });
  afterEach(() => {
    for (const stub of stubs) stub.restore();
    unit.cleanup();
  });

  it("lists the deployments, from the same one read the graph's edges use", async () => {
    ecs.on(ListClustersCommand).resolves({ clusterArns: ["arn:aws:ecs:us-east-1:123456789012:cluster/shop"] });
    ecs.on(ListServicesCommand).resolves({ serviceArns: ["arn:aws:ecs:us-east-1:123456789012:service/shop/web"] });
    const createdAt = new Date(Date.now() - 30 * 60_000);
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "web",
          serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/shop/web",
          clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
          deployments: [{ status: "PRIMARY", taskDefinition: TASK, createdAt, updatedAt: createdAt }],
        },
      ],
    });
    const [batches] = await Promise.all([changeBatches(unit.run, options), ecsServiceEdgeBatches(unit.run)]);
    expect(batches[0]?.records).toContainEqual({
      at: createdAt.toISOString(),
      resource: "shop/web",
      what: "deployed web:7 to",
      who: null,
      source: "ecs",
    });
    // Gathered at the same time, asked once.
    expect(ecs.commandCalls(ListClustersCommand)).toHaveLength(1);
    expect(ecs.commandCalls(DescribeServicesCommand)).toHaveLength(1);
  });

  it("denied ECS is a note that the changes are incomplete; the rest of the changes and the run go on", async () => {
    ecs.on(ListClustersCommand).rejects(sdkError("AccessDeniedException", 403));
    const batches = await changeBatches(unit.run, options);
    expect(batches).toHaveLength(1);
    expect(unit.run.failures).toEqual([
      expect.objectContaining({
        resource: "graph/ecs-services",
        region: "us-east-1",
        exitCode: 0,
        reason: expect.stringMatching(/ListClusters.*; ECS deployments are left out \(incomplete\)$/),
      }),
    ]);
    expect(unit.run.exitCode()).toBe(0);
  });
});
