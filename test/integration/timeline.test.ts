/**
 * `awstriage timeline` against moto_server, with the recorded LookupEvents stand-in: the
 * function's deploy, its errors' onset, its first error line and its alarm's transition, in
 * time order; json with ISO times, a table with relative ones.
 */
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { createAlarm, createLogGroup, putLogEvents } from "../helpers/seed-services.js";
import { startCloudTrailStandIn } from "../helpers/cloudtrail-stand-in.js";
import { startAlarmHistoryStandIn } from "../helpers/alarm-history-stand-in.js";
import { RISING, RISING_STARTED_MINUTES_AGO, seedTimeScenario, TIME_REGION } from "../helpers/time-scenario.js";
import type { TimelineEvent } from "../../src/records/index.js";

const moto = await startMoto();
const FORCE_TTY = pathToFileURL(new URL("../helpers/force-tty.mjs", import.meta.url).pathname).href;
let seededAt = 0;

describe.skipIf(moto === undefined)("timeline against moto_server", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    seededAt = Date.now();
    await seedTimeScenario(endpoint, seededAt);
    const group = `/aws/lambda/${RISING}`;
    await createLogGroup(endpoint, TIME_REGION, group);
    await putLogEvents(
      endpoint,
      TIME_REGION,
      group,
      "2026/12/07/[$LATEST]abc",
      [
        { minutesAgo: RISING_STARTED_MINUTES_AGO - 1, message: "ERROR TypeError: order.total is undefined" },
        { minutesAgo: 30, message: "INFO processed 12 orders" },
        { minutesAgo: 3, message: "ERROR TypeError: order.total is undefined (again)" },
      ],
      seededAt,
    );
    await createAlarm(endpoint, TIME_REGION, "orders-handler-errors", "ALARM", {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: RISING },
    });
  });

  it("lists the deploy, the onset, the first error line and the alarm transition in time order", async () => {
    const onset = Math.floor((seededAt - RISING_STARTED_MINUTES_AGO * 60_000) / 60_000) * 60_000;
    const trail = await startCloudTrailStandIn(onset);
    try {
      const env = { ...suite.sandbox.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const args = ["timeline", RISING, "--region", TIME_REGION, "--since", "2h"];
      const result = await runCli([...args, "-o", "json"], env);
      expect(result.code, result.stderr).toBe(0);
      const events = jsonOut<TimelineEvent>(result);
      const kinds = events.map((e) => e.kind);
      for (const kind of ["change", "onset", "first-error", "alarm", "latest-error", "peak"])
        expect(kinds).toContain(kind);
      const at = (kind: string) => Date.parse(events.find((e) => e.kind === kind)?.at ?? "");
      expect(at("change")).toBeLessThan(at("onset"));
      expect(at("onset")).toBeLessThan(at("first-error"));
      expect(at("first-error")).toBeLessThan(at("alarm"));
      expect(events.map((e) => Date.parse(e.at))).toEqual(events.map((e) => Date.parse(e.at)).sort((a, b) => a - b));
      expect(events.find((e) => e.kind === "change")).toMatchObject({
        summary: "UpdateFunctionCode orders-handler by deploy-bot",
        resource: RISING,
      });
      expect(events.find((e) => e.kind === "first-error")?.summary).toBe("ERROR TypeError: order.total is undefined");
      expect(events.find((e) => e.kind === "alarm")).toMatchObject({ resource: "orders-handler-errors" });
      expect(events.every((e) => /^\d{4}-\d\d-\d\dT/.test(e.at))).toBe(true);
      const table = await runCli(args, { ...env, AWSTRIAGE_TEST_COLUMNS: "80" }, { nodeArgs: ["--import", FORCE_TTY] });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/1h2\dm ago\s+onset/);
      expect(table.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
    } finally {
      await trail.close();
    }
  });

  it("lists every alarm transition from the recorded DescribeAlarmHistory answer, cached; a denial is a note", async () => {
    const onset = Math.floor((seededAt - RISING_STARTED_MINUTES_AGO * 60_000) / 60_000) * 60_000;
    const history = await startAlarmHistoryStandIn(suite.proxy.endpoint, onset, { alarmName: "orders-handler-errors" });
    try {
      const env = { ...suite.sandbox.env, AWS_ENDPOINT_URL_CLOUDWATCH: history.endpoint };
      const args = ["timeline", RISING, "--region", TIME_REGION, "--since", "2h", "-o", "json"];
      const result = await runCli(args, env);
      expect(result.code, result.stderr).toBe(0);
      const alarms = jsonOut<TimelineEvent>(result).filter((e) => e.kind === "alarm");
      // Both transitions, in time order, in place of the alarm's last state alone.
      expect(alarms.map((e) => [Date.parse(e.at) - onset, e.summary])).toEqual([
        [
          -30 * 60_000,
          expect.stringMatching(/^alarm orders-handler-errors ALARM → OK: Threshold Crossed: 2 datapoints/),
        ],
        [3 * 60_000, "alarm orders-handler-errors OK → ALARM: testing purposes"],
      ]);
      expect(alarms[1]?.evidence).toMatchObject({ from: "OK", stateValue: "ALARM" });
      // State updates only, from an hour before the window, both pages; GetMetricData still went to moto.
      expect(history.requests).toHaveLength(2);
      expect(history.requests[0]).toMatchObject({ HistoryItemType: "StateUpdate", MaxRecords: 100 });
      expect(Number(history.requests[0]?.StartDate)).toBeLessThanOrEqual((seededAt - 3 * 3_600_000) / 1000 + 120);
      expect(suite.proxy.count("GetMetricData")).toBeGreaterThan(0);
      // Cached: again and offline, nothing more is asked, the same events.
      const again = await runCli(args, env);
      const offline = await runCli([...args, "--offline"], env);
      expect(history.requests).toHaveLength(2);
      expect(again.stdout).toBe(result.stdout);
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stdout).toBe(result.stdout);
    } finally {
      await history.close();
    }
    const denied = await startAlarmHistoryStandIn(suite.proxy.endpoint, onset, {
      alarmName: "orders-handler-errors",
      deny: true,
    });
    try {
      const env = { ...suite.sandbox.env, AWS_ENDPOINT_URL_CLOUDWATCH: denied.endpoint };
      const args = ["timeline", RISING, "--region", TIME_REGION, "--since", "2h", "-o", "json", "--force"];
      const result = await runCli(args, env);
      // The run goes on: its alarm at its last state, and a note that the transitions are incomplete.
      expect(result.code, result.stderr).toBe(0);
      expect(jsonOut<TimelineEvent>(result).filter((e) => e.kind === "alarm")).toHaveLength(1);
      expect(result.stderr).toMatch(
        /cloudwatch\/alarm-history in us-east-1: .*DescribeAlarmHistory.*; alarm transitions are left out \(incomplete\)/,
      );
      expect(denied.requests.length).toBeGreaterThan(0);
    } finally {
      await denied.close();
    }
  });

  it("a name nothing is known by is bad input, exit 2", async () => {
    const result = await runCli(
      ["timeline", "no-such-thing", "--region", TIME_REGION, "--since", "2h"],
      suite.sandbox.env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing about "no-such-thing"/);
  });
});
