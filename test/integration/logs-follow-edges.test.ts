/**
 * Issue 26, items 6 and 7, against moto_server: `logs tail --follow | head -1` on a quiet group
 * ends when head does (the closed pipe is noticed without a write), and events stamped 45 s
 * behind the local clock when they arrive are printed, once each.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, spawnCli } from "../helpers/cli.js";
import { startMoto } from "../helpers/moto.js";
import { createLogGroup, putLogEvents } from "../helpers/seed-services.js";
import { motoSuite } from "../helpers/suite.js";

const moto = await startMoto();
const QUIET = "/aws/lambda/quiet";
const LATE = "/aws/lambda/late";

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(moto === undefined)("logs tail --follow at its edges, against moto_server", () => {
  let endpoint = "";
  const suite = motoSuite(moto, async (motoEndpoint) => {
    endpoint = motoEndpoint;
    await createLogGroup(endpoint, "us-east-1", QUIET);
    await putLogEvents(endpoint, "us-east-1", QUIET, "s1", [{ minutesAgo: 1, message: "the only event" }]);
    await createLogGroup(endpoint, "us-east-1", LATE);
    await putLogEvents(endpoint, "us-east-1", LATE, "s1", [{ minutesAgo: 5, message: "before" }]);
  });

  it("| head -1 on a quiet group: the follow ends when head does, with exit 0 (item 6)", async () => {
    // A real shell pipeline (a pipe, not the socket pair a spawned child's stdout is), in its
    // own process group so the test can stop every member if the follow never ends.
    const child = spawn(
      "sh",
      [
        "-c",
        '{ "$0" "$1" logs tail "$2" --follow; echo "awstriage-exit $?" >&2; } | head -1',
        process.execPath,
        BIN,
        QUIET,
      ],
      { env: suite.sandbox.env, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      process.kill(-(child.pid as number), "SIGKILL");
    }, 20_000);
    await new Promise((resolve) => child.once("close", resolve));
    clearTimeout(timer);
    expect(killed, `the follow kept running after head exited:\n${stderr}`).toBe(false);
    expect(JSON.parse(stdout)).toMatchObject({ message: "the only event" });
    expect(stderr).toContain("awstriage-exit 0");
  }, 40_000);

  it("events stamped 45 s behind the local clock when they arrive are printed, once each (item 7)", async () => {
    const tail = spawnCli(["logs", "tail", LATE, "--follow", "-o", "ndjson"], suite.sandbox.env);
    let text = "";
    tail.child.stdout?.on("data", (chunk: string) => (text += chunk));
    const messages = () =>
      text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => (JSON.parse(line) as { message: string }).message);
    await until("the first event", () => messages().includes("before"));
    const polls = suite.proxy.count("FilterLogEvents");
    await until("two more polls", () => suite.proxy.count("FilterLogEvents") >= polls + 2);
    await putLogEvents(
      endpoint,
      "us-east-1",
      LATE,
      "late",
      [1, 2, 3].map((n) => ({ minutesAgo: 0.75, message: `late ${n}` })),
    );
    await until("the late events", () => messages().filter((m) => m.startsWith("late")).length === 3);
    // Two more polls over the same window: the late events come back and are not printed again.
    const after = suite.proxy.count("FilterLogEvents");
    await until("two more polls", () => suite.proxy.count("FilterLogEvents") >= after + 2);
    tail.child.kill("SIGINT");
    const result = await tail.result;
    expect(result.code, result.stderr).toBe(130);
    expect(messages()).toEqual(["before", "late 1", "late 2", "late 3"]);
  }, 90_000);
});
