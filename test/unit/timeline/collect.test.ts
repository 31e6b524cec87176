/**
 * The timeline reads a function's error lines where the function writes them: its
 * LoggingConfig's log group when it names one (as log evidence and `related` do), else Lambda's
 * default. Offline, from a cache written here, so the log group read is the one the entry names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cleanEnv } from "../../helpers/aws-env.js";
import { runInProcess } from "../../helpers/in-process.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";
import { cacheFilePath } from "../../../src/cache/paths.js";
import { ERROR_PATTERN } from "../../../src/timeline/collect.js";
import type { TimelineEvent } from "../../../src/records/index.js";

const REGION = "us-east-1";
const GROUP = "/shared/orders-app";

describe("timeline of a function with a custom log group", () => {
  let home: string;
  const root = () => join(home, "cache");
  const put = (script: string, resource: string, region: string, items: unknown[], params = {}) => {
    const path = cacheFilePath(root(), { script, identity: "p", region, resource, params });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(testEnvelope({ script, resource, profile: "p", region, params, items })));
  };

  beforeAll(() => {
    home = makeTempDir("timeline-group");
    mkdirSync(root());
    writeFileSync(join(root(), ".awstriage-cache"), '{"awstriageCacheLayout":1}');
    put("sts", "caller-identity", "global", [{ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/u" }]);
    put("lambda", "functions", REGION, [
      {
        FunctionName: "orders",
        FunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:orders`,
        Runtime: "python3.12",
        Timeout: 3,
        LoggingConfig: { LogFormat: "Text", LogGroup: GROUP },
      },
    ]);
    const line = {
      timestamp: Date.now() - 10 * 60_000,
      logStreamName: "2026/12/07/[$LATEST]abc",
      message: "[ERROR] KeyError: 'user_id'",
    };
    for (const which of [{ limit: 1 }, { newest: 1 }])
      put("logs", "events", REGION, [line], {
        logGroupName: GROUP,
        filterPattern: ERROR_PATTERN,
        since: "1h",
        ...which,
      });
  });

  afterAll(() => removeTempDir(home));

  it("lists its first and latest error lines from that group", async () => {
    const args = ["timeline", "orders", "--offline", "--cache-dir", root(), "--profile", "p", "--region", REGION];
    const result = await runInProcess([...args, "-o", "json"], { ...cleanEnv(), HOME: home });
    const events = JSON.parse(result.stdout) as TimelineEvent[];
    expect(events.map((e) => [e.kind, e.resource, e.summary])).toEqual([
      ["first-error", GROUP, "[ERROR] KeyError: 'user_id'"],
      ["latest-error", GROUP, "[ERROR] KeyError: 'user_id'"],
    ]);
    expect(result.stderr).not.toContain("/aws/lambda/orders");
  });
});
