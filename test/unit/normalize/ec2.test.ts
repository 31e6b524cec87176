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
      ipv6Addresses: [],
      privateIps: ["10.0.0.5"],
      stateReason: null,
      lifecycle: null,
      architecture: null,
      platform: null,
      imageId: null,
      keyName: null,
      iamInstanceProfile: null,
    });
  });

  it("appends the new fields after the original ones, so existing output keeps its prefix", () => {
    expect(Object.keys(normalizeInstance(raw as never, null, "eu-west-1"))).toEqual([
      "account",
      "region",
      "instanceId",
      "name",
      "state",
      "instanceType",
      "availabilityZone",
      "privateIp",
      "publicIp",
      "launchTime",
      "vpcId",
      "subnetId",
      "tags",
      "ipv6Addresses",
      "privateIps",
      "stateReason",
      "lifecycle",
      "architecture",
      "platform",
      "imageId",
      "keyName",
      "iamInstanceProfile",
    ]);
  });

  it("lists every private IPv4 and IPv6 address of every interface, the primary interface first", () => {
    // Shaped like a dual-stack, two-ENI spot instance as DescribeInstances returns it.
    const record = normalizeInstance(
      {
        InstanceId: "i-dual",
        PrivateIpAddress: "10.0.0.135",
        InstanceLifecycle: "spot",
        Architecture: "arm64",
        PlatformDetails: "Linux/UNIX",
        ImageId: "ami-0de53d8956e8dcf80",
        KeyName: "ops",
        IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/web", Id: "AIPA1" },
        StateReason: { Code: "Server.SpotInstanceTermination", Message: "Server.SpotInstanceTermination: Spot" },
        NetworkInterfaces: [
          {
            Attachment: { DeviceIndex: 1 },
            PrivateIpAddress: "10.0.1.20",
            PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.20", Primary: true }, { PrivateIpAddress: "10.0.1.21" }],
          },
          {
            Attachment: { DeviceIndex: 0 },
            PrivateIpAddress: "10.0.0.135",
            PrivateIpAddresses: [{ PrivateIpAddress: "10.0.0.135", Primary: true }],
            Ipv6Addresses: [{ Ipv6Address: "2600:1f18:984:b600:8298:3287:fc85:d472" }],
          },
        ],
      },
      null,
      "us-east-1",
    );
    expect(record).toMatchObject({
      privateIp: "10.0.0.135",
      publicIp: null,
      privateIps: ["10.0.0.135", "10.0.1.20", "10.0.1.21"],
      ipv6Addresses: ["2600:1f18:984:b600:8298:3287:fc85:d472"],
      stateReason: { code: "Server.SpotInstanceTermination", message: "Server.SpotInstanceTermination: Spot" },
      lifecycle: "spot",
      architecture: "arm64",
      platform: "Linux/UNIX",
      imageId: "ami-0de53d8956e8dcf80",
      keyName: "ops",
      iamInstanceProfile: "arn:aws:iam::123456789012:instance-profile/web",
    });
  });

  it("falls back to Platform when PlatformDetails is missing", () => {
    expect(normalizeInstance({ InstanceId: "i-w", Platform: "windows" as never }, null, "us-east-1").platform).toBe(
      "windows",
    );
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
