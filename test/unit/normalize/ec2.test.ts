import { describe, expect, it } from "vitest";
import { matchesInstance, normalizeInstance } from "../../../src/normalize/ec2.js";

const raw = {
  InstanceId: "i-0abc",
  InstanceType: "t3.micro",
  State: { Name: "running" },
  Placement: { AvailabilityZone: "eu-west-1b" },
  PrivateIpAddress: "10.0.0.5",
  LaunchTime: "2026-03-04T05:06:07.000Z",
  VpcId: "vpc-1",
  SubnetId: "subnet-1",
  Tags: [
    { Key: "Name", Value: "web-1" },
    { Key: "team", Value: "payments" },
  ],
} as const;

describe("normalizeInstance", () => {
  it("maps a cached DescribeInstances item to the DESIGN.md record", () => {
    expect(normalizeInstance(raw as never, "111122223333", "eu-west-1")).toEqual({
      account: "111122223333",
      region: "eu-west-1",
      instanceId: "i-0abc",
      name: "web-1",
      state: "running",
      instanceType: "t3.micro",
      availabilityZone: "eu-west-1b",
      privateIp: "10.0.0.5",
      publicIp: null,
      launchTime: "2026-03-04T05:06:07.000Z",
      vpcId: "vpc-1",
      subnetId: "subnet-1",
      tags: { Name: "web-1", team: "payments" },
    });
  });

  it("uses null for what the API left out, and accepts a Date launch time", () => {
    const record = normalizeInstance({ InstanceId: "i-1", LaunchTime: new Date(0) }, null, "us-east-1");
    expect(record).toMatchObject({
      name: null,
      state: null,
      publicIp: null,
      tags: {},
      launchTime: "1970-01-01T00:00:00.000Z",
    });
  });
});

describe("matchesInstance", () => {
  const record = normalizeInstance(raw as never, null, "eu-west-1");
  it("matches when every given filter holds (tags ANDed)", () => {
    expect(
      matchesInstance(record, {
        states: ["stopped", "running"],
        types: ["t3.micro"],
        tags: [
          { key: "team", value: "payments" },
          { key: "Name", value: "web-1" },
        ],
      }),
    ).toBe(true);
  });
  it.each([
    [{ states: ["stopped"] }],
    [{ types: ["m5.large"] }],
    [{ tags: [{ key: "team", value: "search" }] }],
    [
      {
        tags: [
          { key: "team", value: "payments" },
          { key: "env", value: "prod" },
        ],
      },
    ],
  ])("rejects a record that fails %j", (filter) => expect(matchesInstance(record, filter)).toBe(false));
});
