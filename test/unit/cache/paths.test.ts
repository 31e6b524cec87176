import { describe, expect, it } from "vitest";
import { cacheFilePath, cacheIdentity, safeSegment } from "../../../src/cache/paths.js";

const ROLE = "arn:aws:iam::210987654321:role/triage";

describe("cacheIdentity", () => {
  it("is the profile name alone without a role", () => {
    expect(cacheIdentity("prod")).toBe("prod");
    expect(cacheIdentity("prod", undefined)).toBe("prod");
  });

  it("adds the assumed role's account and name, readable and safe as one folder", () => {
    const identity = cacheIdentity("prod", ROLE);
    expect(identity).not.toBe("prod");
    expect(identity).toContain("210987654321-triage");
    expect(identity).not.toMatch(/[/\\]/);
    expect(cacheIdentity("prod", ROLE)).toBe(identity);
  });

  it("gives different roles, and the same role from different profiles, different folders", () => {
    const identities = new Set([
      cacheIdentity("prod", ROLE),
      cacheIdentity("prod", "arn:aws:iam::210987654321:role/other"),
      cacheIdentity("prod", "arn:aws:iam::999999999999:role/triage"),
      cacheIdentity("dev", ROLE),
      // Same account and name, different path: another role.
      cacheIdentity("prod", "arn:aws:iam::210987654321:role/team/triage"),
    ]);
    expect(identities.size).toBe(5);
  });

  it("can never be the folder of a profile without a role, even one named like it", () => {
    const withRole = cacheIdentity("prod", ROLE);
    expect(cacheIdentity(withRole)).not.toBe(withRole);
    expect(safeSegment(withRole)).not.toBe(withRole);
  });

  it("puts the two identities' files in different folders", () => {
    const key = { script: "ec2", region: "us-east-1", resource: "instances" };
    const plain = cacheFilePath("/cache", { ...key, identity: cacheIdentity("prod") });
    const assumed = cacheFilePath("/cache", { ...key, identity: cacheIdentity("prod", ROLE) });
    expect(plain).toBe("/cache/ec2/prod/us-east-1/instances.json");
    expect(assumed).not.toBe(plain);
    expect(assumed.startsWith("/cache/ec2/")).toBe(true);
  });
});
