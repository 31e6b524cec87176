/**
 * `triage --watch` end to end against moto_server: in a pipe it writes an `opened` event when
 * an alarm starts firing and `resolved` when it stops; Ctrl-C ends it with 130 and SIGTERM
 * with 143; over 480 ticks (an 8-hour watch at 60 s, compressed) its memory stays flat.
 */
import { CloudWatchClient, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seedConfig } from "../helpers/aws-env.js";
import { runCli, spawnCli, type CliProcess } from "../helpers/cli.js";
import { startMoto } from "../helpers/moto.js";
import { createAlarm } from "../helpers/seed-services.js";
import { motoSuite } from "../helpers/suite.js";

const moto = await startMoto();
const ALARM = "orders-5xx";

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function streams(watch: CliProcess) {
  let out = "";
  let err = "";
  watch.child.stdout?.on("data", (chunk: string) => (out += chunk));
  watch.child.stderr?.on("data", (chunk: string) => (err += chunk));
  return {
    events: () =>
      out
        .split("\n")
        .filter((line) => line !== "")
        .map(
          (line) => JSON.parse(line) as { event: string; at: string; finding: { ruleId: string; resourceId: string } },
        ),
    ticks: () => err.split("\n").filter((line) => line.includes("watch tick")).length,
    stderr: () => err,
  };
}

/** Resident memory of a running process, in kB (Linux). */
function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1]);
}

describe.skipIf(moto === undefined)("triage --watch against moto_server", () => {
  let endpoint = "";
  const suite = motoSuite(moto, async (motoEndpoint) => {
    endpoint = motoEndpoint;
    await createAlarm(motoEndpoint, "us-east-1", ALARM, "OK", {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "orders" },
    });
  });
  const setState = async (state: "OK" | "ALARM") => {
    const cw = new CloudWatchClient(seedConfig(endpoint, "us-east-1"));
    await cw.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: state, StateReason: `now ${state}` }));
    cw.destroy();
  };
  const watchArgs = ["triage", "--watch", "--interval", "200ms", "--ttl", "0", "--sources", "cloudwatch"];

  it("in a pipe: opened when the alarm fires, resolved when it stops; Ctrl-C is exit 130", async () => {
    await setState("OK");
    const watch = spawnCli([...watchArgs, "--log-level", "debug"], suite.sandbox.env, { timeoutMs: 120_000 });
    const seen = streams(watch);
    await until("two quiet ticks", () => seen.ticks() >= 2);
    expect(seen.events()).toEqual([]);
    await setState("ALARM");
    await until("the opened event", () => seen.events().length >= 1);
    await setState("OK");
    await until("the resolved event", () => seen.events().length >= 2);
    watch.child.kill("SIGINT");
    const result = await watch.result;
    expect(result.code, result.stderr).toBe(130);
    const events = seen.events();
    expect(events.map((e) => [e.event, e.finding.ruleId, e.finding.resourceId])).toEqual([
      ["opened", "cloudwatch.alarm-firing", ALARM],
      ["resolved", "cloudwatch.alarm-firing", ALARM],
    ]);
    expect(Date.parse(events[1]?.at ?? "")).toBeGreaterThan(Date.parse(events[0]?.at ?? ""));
    // Every line is one whole JSON event; the context line said what is watched, once.
    expect(result.stdout.endsWith("\n")).toBe(true);
    expect(result.stderr.match(/watching every 200ms/g)).toHaveLength(1);
  });

  it("SIGTERM ends it with 143", async () => {
    const watch = spawnCli([...watchArgs, "--log-level", "debug"], suite.sandbox.env);
    const seen = streams(watch);
    await until("a tick", () => seen.ticks() >= 1);
    watch.child.kill("SIGTERM");
    const result = await watch.result;
    expect(result.code, result.stderr).toBe(143);
  });

  it("keeps its memory flat over 480 ticks (8 hours at 60 s, compressed), refetching as the TTL expires", async () => {
    // --ttl 2s: about one tick in ten asks AWS again, as one in five does at 60 s with the default 5m.
    const args = ["triage", "--watch", "--interval", "100ms", "--ttl", "2s", "--sources", "cloudwatch"];
    const watch = spawnCli([...args, "--log-level", "debug"], suite.sandbox.env, { timeoutMs: 600_000 });
    const seen = streams(watch);
    const pid = watch.child.pid as number;
    await until("the first hour (60 ticks)", () => seen.ticks() >= 60, 300_000);
    const firstHour = rssKb(pid);
    await until("eight hours (480 ticks)", () => seen.ticks() >= 480, 500_000);
    const eightHours = rssKb(pid);
    watch.child.kill("SIGINT");
    const result = await watch.result;
    expect(result.code, result.stderr.slice(-2000)).toBe(130);
    expect(suite.proxy.count("DescribeAlarms")).toBeGreaterThan(1);
    // Within 10 MB of the first hour's resident size.
    expect(eightHours - firstHour).toBeLessThan(10 * 1024);
  }, 600_000);

  it("says a warning every tick repeats once, not once a tick (moto lacks GetAccountSettings)", async () => {
    const args = ["triage", "--watch", "--interval", "200ms", "--ttl", "0", "--sources", "lambda"];
    const watch = spawnCli([...args, "--log-level", "debug"], suite.sandbox.env, { timeoutMs: 120_000 });
    const seen = streams(watch);
    await until("three ticks", () => seen.ticks() >= 3);
    watch.child.kill("SIGINT");
    const result = await watch.result;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr.match(/warn: lambda\.concurrency-near-limit skipped in us-east-1/g)).toHaveLength(1);
  });

  it("refuses what a watch cannot do before anything runs (exit 2)", async () => {
    for (const extra of [["--offline"], ["--out", "x.json"], ["--by", "resource"], ["--interval", "10ms"]]) {
      const result = await runCli(["triage", "--watch", ...extra], suite.sandbox.env);
      expect(result.code, `${extra.join(" ")}: ${result.stderr}`).toBe(2);
      expect(result.stdout).toBe("");
    }
    expect(suite.proxy.count()).toBe(0);
  });
});
