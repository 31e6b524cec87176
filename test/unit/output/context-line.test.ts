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

  it("names the config file a judging command applies, or says there is none", () => {
    const info = { account: "123456789012", regions: ["eu-west-1"], profile: "prod", arn: null };
    expect(contextLine({ ...info, configPath: "/home/a/.awstriage.json" }, [])).toBe(
      "awstriage: account 123456789012 | region eu-west-1 | profile prod | config /home/a/.awstriage.json\n",
    );
    expect(contextLine({ ...info, configPath: null }, [])).toContain("| config none");
    expect(contextLine(info, [])).not.toContain("config");
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

describe("the context line for --region all", () => {
  const regions = [
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ];
  const info = {
    account: "123456789012",
    regions,
    profile: "production-readonly",
    arn: "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice@example.com",
    homeRegion: "eu-west-1",
  };
  const sources = [
    ...regions.map((r, i) => source(r, i % 3 === 0, 42)),
    ...regions.map((r) => source(r, true, 7, "instance-status")),
  ];

  it("gives a region count and the home region past three regions, and counts regions per origin", () => {
    const line = contextLine(info, sources);
    expect(line).toContain("| 15 regions (home eu-west-1) |");
    expect(line).toContain("ec2/instances: cache 42s old (5 regions), fetched (10 regions)");
    expect(line).not.toContain("ap-south-1");
  });

  it.each([60, 80, 100])("stays one line at %i columns on a terminal", (width) => {
    const line = contextLine(info, sources, width);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.trimEnd()).not.toContain("\n");
    expect(line.trimEnd().length).toBeLessThan(width);
    expect(line).toMatch(/^awstriage: account 123456789012 \| 15 regions/);
    // Cut between parts, never inside one: every part shown is whole.
    if (width < 62) return; // the account and the regions alone do not fit whole there
    expect(line.trimEnd()).toMatch(/ …$/);
    const shown = line
      .trimEnd()
      .slice(0, -2)
      .split(/ \| |; /);
    const whole = contextLine(info, sources)
      .trimEnd()
      .split(/ \| |; /);
    for (const part of shown) expect(whole).toContain(part);
  });

  it("is whole (not cut) off a terminal", () => {
    expect(contextLine(info, sources)).toContain("alice@example.com");
  });
});
