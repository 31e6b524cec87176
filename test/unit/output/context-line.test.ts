import { describe, expect, it } from "vitest";
import { contextLine, summarizeSources } from "../../../src/output/context-line.js";
import type { Source } from "../../../src/cache/store.js";

const source = (region: string, fromCache: boolean, ageSeconds = 0, resource = "instances"): Source => ({
  path: `/cache/ec2/p/${region}/${resource}.json`,
  script: "ec2",
  resource,
  region,
  fetchedAt: "2025-01-01T00:00:00.000Z",
  fromCache,
  ageSeconds,
});

describe("the context line over several regions", () => {
  it("names every region and says per region whether it came from cache and how old", () => {
    const line = contextLine(
      { account: "123456789012", regions: ["eu-west-1", "us-east-1", "us-west-2"], profile: "prod", arn: null },
      [source("us-west-2", false), source("eu-west-1", true, 42), source("us-east-1", false)],
    );
    expect(line).toBe(
      "awstriage: account 123456789012 | regions eu-west-1,us-east-1,us-west-2 | profile prod | ec2/instances: cache 42s old eu-west-1, fetched us-east-1,us-west-2\n",
    );
  });

  it("says once where the data came from when every region has the same origin", () => {
    expect(summarizeSources([source("us-east-1", true, 7), source("eu-west-1", true, 7)])).toBe(
      "ec2/instances: cache 7s old (2 regions)",
    );
    expect(summarizeSources([source("us-east-1", false)])).toBe("ec2/instances: fetched");
  });

  it("keeps resources apart and leaves out the STS identity", () => {
    const sts: Source = { ...source("global", true, 3), script: "sts", resource: "caller-identity" };
    expect(
      summarizeSources([
        source("us-east-1", true, 60, "regions"),
        sts,
        source("us-east-1", false),
        source("eu-west-1", false),
      ]),
    ).toBe("ec2/regions: cache 1m old; ec2/instances: fetched (2 regions)");
  });

  it("names the assumed role and the assumed identity", () => {
    const line = contextLine(
      {
        account: "210987654321",
        regions: ["us-east-1"],
        profile: "prod",
        arn: "arn:aws:sts::210987654321:assumed-role/triage/awstriage-alice",
        roleArn: "arn:aws:iam::210987654321:role/triage",
      },
      [],
    );
    expect(line).toBe(
      "awstriage: account 210987654321 | region us-east-1 | profile prod | role arn:aws:iam::210987654321:role/triage | arn:aws:sts::210987654321:assumed-role/triage/awstriage-alice\n",
    );
  });
});

describe("contextLine", () => {
  it("names account, regions, profile, caller and each source's cache state", () => {
    const line = contextLine(
      {
        account: "111122223333",
        regions: ["us-east-1", "eu-west-1"],
        profile: "dev",
        arn: "arn:aws:iam::111122223333:user/me",
      },
      [
        {
          path: "/c/a.json",
          script: "ec2",
          resource: "instances",
          region: "us-east-1",
          fetchedAt: "",
          fromCache: true,
          ageSeconds: 42,
        },
        {
          path: "/c/b.json",
          script: "ec2",
          resource: "instances",
          region: "eu-west-1",
          fetchedAt: "",
          fromCache: false,
          ageSeconds: 0,
        },
      ],
    );
    expect(line).toBe(
      "awstriage: account 111122223333 | regions us-east-1,eu-west-1 | profile dev | arn:aws:iam::111122223333:user/me | ec2/instances: fetched eu-west-1, cache 42s old us-east-1\n",
    );
  });
});
