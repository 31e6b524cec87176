import { afterEach, describe, expect, it } from "vitest";
import type { Invocation } from "../../../src/run/invocation.js";
import { openInvocation } from "../../../src/commands/open-invocation.js";
import { parseGlobalOptions } from "../../../src/options/options.js";
import { AwsApiError, ConfigError, OfflineMissError } from "../../../src/errors/errors.js";
import { gather, type TriageSource } from "../../../src/triage/gather.js";
import { batchesOf } from "../../../src/sources/collect.js";
import { partialFailure } from "../../../src/run/fan-out.js";
import type { Source } from "../../../src/cache/store.js";
import { alarm, logGroup } from "../../helpers/records.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeTempDir(dir);
});

async function offlineRun(): Promise<Invocation> {
  const dir = makeTempDir("gather");
  dirs.push(dir);
  const options = parseGlobalOptions(
    {
      profile: "p",
      region: "us-east-1,eu-west-1",
      offline: true,
      cacheDir: dir,
    },
    {},
    false,
  );
  return openInvocation(options, {
    env: { HOME: dir, AWS_CONFIG_FILE: "/nonexistent", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent" },
  });
}

const AT = "2026-03-10T08:00:00.000Z";
const OPTIONS = {
  since: "1h",
  window: { start: AT, end: AT, startMs: Date.parse(AT), endMs: Date.parse(AT), startAgeMs: 0 },
};
const alarms: TriageSource = {
  name: "cloudwatch/alarms",
  collect: async () => ({ alarms: [{ observedAt: AT, records: [alarm({ stateValue: "ALARM" })] }] }),
};
const groups: TriageSource = {
  name: "logs/groups",
  collect: async () => ({ logGroups: [{ observedAt: AT, records: [logGroup()] }] }),
};
const denied: TriageSource = {
  name: "logs/groups",
  collect: async () => {
    throw new AwsApiError("AccessDeniedException: not allowed to DescribeLogGroups", { kind: "access-denied" });
  },
};

describe("gathering the triage sources", () => {
  it("merges what every source returns", async () => {
    const data = await gather(await offlineRun(), [alarms, groups], OPTIONS);
    expect(data.alarms).toHaveLength(1);
    expect(data.logGroups).toHaveLength(1);
    expect(data.functions).toEqual([]);
  });

  it("keeps the other sources when one fails, and records the failure for stderr, --out and exit 4", async () => {
    const run = await offlineRun();
    const data = await gather(run, [alarms, denied], OPTIONS);
    expect(data.alarms).toHaveLength(1);
    expect(run.failures).toEqual([
      {
        region: "eu-west-1,us-east-1",
        resource: "logs/groups",
        reason: "AccessDeniedException: not allowed to DescribeLogGroups",
        exitCode: 4,
      },
    ]);
    expect(run.exitCode()).toBe(4);
  });

  it("keeps exit 5 for a source missing from an offline cache", async () => {
    const run = await offlineRun();
    const missing: TriageSource = {
      name: "lambda/metrics",
      collect: () => Promise.reject(new OfflineMissError("--offline: no cached lambda/metrics")),
    };
    await gather(run, [alarms, missing], OPTIONS);
    expect(run.exitCode()).toBe(5);
  });

  it("fails the run with the first error when every source fails", async () => {
    await expect(gather(await offlineRun(), [denied, denied], OPTIONS)).rejects.toThrow(/AccessDenied/);
  });

  it("counts a credentials error of one source, while the others got through, as an API failure", () => {
    expect(partialFailure("us-east-1", "lambda/metrics", new ConfigError("ExpiredToken")).exitCode).toBe(4);
    expect(partialFailure("us-east-1", "lambda/metrics", new OfflineMissError("missing")).exitCode).toBe(5);
  });

  it("lets a bug through as a bug", async () => {
    const broken: TriageSource = {
      name: "x/y",
      collect: () => Promise.reject(new TypeError("undefined is not a function")),
    };
    await expect(gather(await offlineRun(), [alarms, broken], OPTIONS)).rejects.toBeInstanceOf(TypeError);
  });
});

describe("stamping records with when they were fetched", () => {
  const source = (region: string, fetchedAt: string): Source => ({
    path: `/c/${region}.json`,
    script: "logs",
    resource: "groups",
    region,
    fetchedAt,
    fromCache: true,
    ageSeconds: 1,
  });

  it("makes one batch per region result, observed when that region's entry was fetched", () => {
    const batches = batchesOf(
      [
        { region: "us-east-1", account: "1", items: [{ n: "a" }], source: source("us-east-1", AT) },
        {
          region: "eu-west-1",
          account: "1",
          items: [{ n: "b" }, { n: "c" }],
          source: source("eu-west-1", "2026-03-10T07:00:00.000Z"),
        },
      ],
      (raw: { n: string }, account, region) => `${raw.n}@${region}/${account}`,
    );
    expect(batches).toEqual([
      { observedAt: AT, records: ["a@us-east-1/1"], region: "us-east-1", account: "1" },
      {
        observedAt: "2026-03-10T07:00:00.000Z",
        records: ["b@eu-west-1/1", "c@eu-west-1/1"],
        region: "eu-west-1",
        account: "1",
      },
    ]);
  });
});
