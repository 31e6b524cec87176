/**
 * `logs groups`, `logs search` and `logs insights` end to end against moto_server, through
 * the counting suite.proxy. moto runs an Insights query at StartQuery and answers Complete at once,
 * and has no StopQuery: the polling, failure statuses and timeout are covered by unit tests.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { startMoto } from "../helpers/moto.js";
import { TEST_ACCOUNT } from "../helpers/aws-env.js";
import { cachedEnvelope, motoSuite } from "../helpers/suite.js";
import { jsonOut } from "../helpers/cli.js";
import { runInProcess } from "../helpers/in-process.js";
import { createLogGroup, putLogEvents } from "../helpers/seed-services.js";

const moto = await startMoto();
const GROUP = "/aws/lambda/api";

describe.skipIf(moto === undefined)("logs commands against moto_server", () => {
  const at: Record<string, number> = {};

  const suite = motoSuite(moto, async (endpoint) => {
    await createLogGroup(endpoint, "us-east-1", GROUP, 7);
    await createLogGroup(endpoint, "us-east-1", "/aws/lambda/worker");
    await createLogGroup(endpoint, "us-east-1", "/app/web", 30);
    const now = Date.now();
    const s1 = await putLogEvents(
      endpoint,
      "us-east-1",
      GROUP,
      "2024/05/01/[$LATEST]s1",
      [
        { minutesAgo: 180, message: "ERROR old failure" },
        { minutesAgo: 50, message: "INFO start" },
        { minutesAgo: 30, message: "ERROR boom one" },
      ],
      now,
    );
    const s2 = await putLogEvents(
      endpoint,
      "us-east-1",
      GROUP,
      "2024/05/01/[$LATEST]s2",
      [
        { minutesAgo: 40, message: "ERROR boom two" },
        { minutesAgo: 5, message: "INFO done" },
      ],
      now,
    );
    await putLogEvents(endpoint, "us-east-1", "/app/web", "web-1", [{ minutesAgo: 15, message: "GET / 200" }], now);
    await createLogGroup(endpoint, "eu-west-1", GROUP);
    await putLogEvents(
      endpoint,
      "eu-west-1",
      GROUP,
      "eu-1",
      [
        { minutesAgo: 10, message: "ERROR in Ireland" },
        { minutesAgo: 20, message: "ERROR earlier in Ireland" },
      ],
      now,
    );
    [at.old, at.start, at.boomOne] = s1 as [number, number, number];
    [at.boomTwo, at.done] = s2 as [number, number];
  });

  const iso = (ms: number | undefined) => new Date(ms as number).toISOString();

  it("lists log groups with retention (null = never expires), then serves the next run from the cache", async () => {
    const first = await runInProcess(["logs", "groups"], suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records.map((r) => [r.logGroupName, r.retentionInDays])).toEqual([
      ["/app/web", 30],
      ["/aws/lambda/api", 7],
      ["/aws/lambda/worker", null],
    ]);
    expect(records[1]).toEqual({
      account: TEST_ACCOUNT,
      region: "us-east-1",
      logGroupName: GROUP,
      arn: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:${GROUP}`,
      retentionInDays: 7,
      storedBytes: expect.any(Number),
      createdAt: expect.stringMatching(/Z$/),
      logGroupClass: null,
      kmsKeyId: null,
      dataProtectionStatus: null,
      metricFilterCount: 0,
      deletionProtectionEnabled: null,
    });
    const before = suite.proxy.count();
    expect(jsonOut(await runInProcess(["logs", "groups"], suite.sandbox.env))).toEqual(records);
    const lambdaGroups = jsonOut(await runInProcess(["logs", "groups", "--prefix", "/aws/lambda/"], suite.sandbox.env));
    expect(lambdaGroups.map((r) => r.logGroupName)).toEqual([GROUP, "/aws/lambda/worker"]);
    expect(suite.proxy.count()).toBe(before);
  });

  it("searches every stream of a group in the window, oldest first, and caches the search", async () => {
    const first = await runInProcess(["logs", "search", GROUP, "--filter", "ERROR"], suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records).toEqual([
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        timestamp: iso(at.boomTwo),
        logGroupName: GROUP,
        logStreamName: "2024/05/01/[$LATEST]s2",
        message: "ERROR boom two",
        eventId: expect.any(String),
      },
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        timestamp: iso(at.boomOne),
        logGroupName: GROUP,
        logStreamName: "2024/05/01/[$LATEST]s1",
        message: "ERROR boom one",
        eventId: expect.any(String),
      },
    ]);
    const envelope = cachedEnvelope(suite.sandbox, "logs", "events");
    expect(envelope.params).toEqual({ logGroupName: GROUP, filterPattern: "ERROR", since: "1h" });
    // Cached oldest first, so that a cache hit can print the file as it reads it.
    expect((envelope.items as Array<{ message: string }>).map((e) => e.message)).toEqual([
      "ERROR boom two",
      "ERROR boom one",
    ]);
    expect(Date.parse(envelope.window.end) - Date.parse(envelope.window.start)).toBe(3_600_000);

    const before = suite.proxy.count();
    expect(jsonOut(await runInProcess(["logs", "search", GROUP, "--filter", "ERROR"], suite.sandbox.env))).toEqual(
      records,
    );
    expect(suite.proxy.count()).toBe(before);
  });

  it("honours --since, --until and --limit", async () => {
    const wide = jsonOut(
      await runInProcess(["logs", "search", GROUP, "--since", "4h", "--filter", "ERROR"], suite.sandbox.env),
    );
    expect(wide.map((r) => r.message)).toEqual(["ERROR old failure", "ERROR boom two", "ERROR boom one"]);
    const slice = jsonOut(
      await runInProcess(["logs", "search", GROUP, "--since", "35m", "--until", "20m"], suite.sandbox.env),
    );
    expect(slice.map((r) => r.message)).toEqual(["ERROR boom one"]);
    const limited = await runInProcess(["logs", "search", GROUP, "--limit", "2"], suite.sandbox.env);
    expect(jsonOut(limited).map((r) => r.message)).toEqual(["INFO start", "ERROR boom two"]);
    expect(limited.stderr).toMatch(/stopped at --limit 2/);
  });

  it("--newest N prints the newest N events of the window, oldest first, from one pass over it", async () => {
    const newest = await runInProcess(["logs", "search", GROUP, "--newest", "2"], suite.sandbox.env);
    expect(newest.code, newest.stderr).toBe(0);
    expect(jsonOut(newest).map((r) => r.message)).toEqual(["ERROR boom one", "INFO done"]);
    expect(newest.stderr).toMatch(/kept the newest 2/);
    // -q silences notes: the same run from the cache says nothing.
    const quiet = await runInProcess(["logs", "search", GROUP, "--newest", "2", "-q"], suite.sandbox.env);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe("");
    const all = await runInProcess(["logs", "search", GROUP, "--ttl", "0"], suite.sandbox.env);
    expect(jsonOut(all)).toHaveLength(4);
    // The window's pages once, like the search without --newest, and nothing more.
    expect(suite.proxy.count("FilterLogEvents")).toBe(2);
  });

  it("prints several regions' events region by region, oldest first, and --out holds the same records", async () => {
    const out = `${suite.sandbox.dir}/search-out.json`;
    const args = [
      "logs",
      "search",
      GROUP,
      "--region",
      "us-east-1,eu-west-1",
      "--filter",
      "ERROR",
      "-o",
      "ndjson",
      "--out",
      out,
    ];
    for (const source of ["fetched", "cached"]) {
      const result = await runInProcess(args, suite.sandbox.env);
      expect(result.code, `${source}: ${result.stderr}`).toBe(0);
      const records = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { region: string; message: string });
      expect(records.map((r) => [r.region, r.message])).toEqual([
        ["eu-west-1", "ERROR earlier in Ireland"],
        ["eu-west-1", "ERROR in Ireland"],
        ["us-east-1", "ERROR boom two"],
        ["us-east-1", "ERROR boom one"],
      ]);
      expect(JSON.parse(readFileSync(out, "utf8")).records).toEqual(records);
    }
  });

  it("runs an Insights query over several groups: rows keyed by field, @ptr dropped, window in the envelope", async () => {
    const args = [
      "logs",
      "insights",
      GROUP,
      "/app/web",
      "--query",
      "fields @timestamp, @message | sort @timestamp desc | limit 3",
    ];
    const first = await runInProcess(args, suite.sandbox.env);
    expect(first.code, first.stderr).toBe(0);
    const records = jsonOut(first);
    expect(records).toEqual([
      { account: TEST_ACCOUNT, region: "us-east-1", "@timestamp": iso(at.done), "@message": "INFO done" },
      {
        account: TEST_ACCOUNT,
        region: "us-east-1",
        "@timestamp": expect.stringMatching(/Z$/),
        "@message": "GET / 200",
      },
      { account: TEST_ACCOUNT, region: "us-east-1", "@timestamp": iso(at.boomOne), "@message": "ERROR boom one" },
    ]);
    expect(suite.proxy.count("StartQuery")).toBe(1);
    expect(suite.proxy.count("GetQueryResults")).toBeGreaterThanOrEqual(1);

    const envelope = cachedEnvelope(suite.sandbox, "logs", "insights");
    expect(envelope.params).toEqual({
      logGroupNames: ["/app/web", GROUP],
      queryString: "fields @timestamp, @message | sort @timestamp desc | limit 3",
      since: "1h",
    });
    expect(Date.parse(envelope.window.end) - Date.parse(envelope.window.start)).toBe(3_600_000);
    expect(JSON.stringify(envelope.items)).toContain("@ptr");

    const before = suite.proxy.count();
    const second = await runInProcess(args, suite.sandbox.env);
    expect(jsonOut(second)).toEqual(records);
    expect(suite.proxy.count()).toBe(before);
    const table = await runInProcess([...args, "-o", "table"], suite.sandbox.env);
    // One region in play: no region column.
    expect(table.stdout.split("\n")[0]).toMatch(/^@timestamp\s+@message$/);
  });

  it("names a missing log group as bad input (exit 2), for search, patterns and tail alike, printing nothing", async () => {
    for (const command of ["search", "patterns", "tail"]) {
      const result = await runInProcess(["logs", command, "/does/not/exist"], suite.sandbox.env);
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        /^awstriage: no log group \/does\/not\/exist in us-east-1\n {2}→ `awstriage logs groups/m,
      );
    }
  });

  it("over several regions, one without the group is a note: the others' events, exit 0, as logs patterns does", async () => {
    const args = ["logs", "search", GROUP, "--region", "us-east-1,us-west-2", "--filter", "ERROR", "-o", "json"];
    const result = await runInProcess(args, suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.region)).toEqual(["us-east-1", "us-east-1"]);
    expect(result.stderr).toMatch(new RegExp(`no log group ${GROUP} in us-west-2`));
  });
});
