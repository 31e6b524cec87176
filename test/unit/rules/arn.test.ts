import { describe, expect, it } from "vitest";
import { buildArn, functionArn, instanceArn, logGroupArn, partitionOf } from "../../../src/rules/arn.js";

describe("ARNs for findings", () => {
  it("uses the partition of the region", () => {
    expect(partitionOf("us-east-1")).toBe("aws");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(instanceArn("cn-north-1", "123456789012", "i-1")).toBe(
      "arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1",
    );
  });

  it("builds EC2 instance and Lambda function ARNs from account, region and id", () => {
    expect(instanceArn("us-east-1", "123456789012", "i-0abc")).toBe(
      "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
    );
    expect(functionArn("us-east-1", "123456789012", "f")).toBe("arn:aws:lambda:us-east-1:123456789012:function:f");
  });

  it("gives no ARN without an account", () => {
    expect(buildArn("ec2", "us-east-1", null, "instance/i-1")).toBeNull();
    expect(buildArn("ec2", "us-east-1", "", "instance/i-1")).toBeNull();
  });

  it("strips the trailing :* of a log group ARN and keeps one without it", () => {
    expect(logGroupArn("us-east-1", "1", "/g", "arn:aws:logs:us-east-1:1:log-group:/g:*")).toBe(
      "arn:aws:logs:us-east-1:1:log-group:/g",
    );
    expect(logGroupArn("us-east-1", "1", "/g", "arn:aws:logs:us-east-1:1:log-group:/g")).toBe(
      "arn:aws:logs:us-east-1:1:log-group:/g",
    );
    expect(logGroupArn("us-east-1", "1", "/g", null)).toBe("arn:aws:logs:us-east-1:1:log-group:/g");
  });
});
