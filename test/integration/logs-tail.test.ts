/**
 * `logs tail` end to end against moto_server, through the counting proxy: the last 10 minutes
 * and exit; then `--follow`, live: events put while it runs arrive exactly once, in whole
 * ndjson lines, and Ctrl-C (SIGINT) ends it with exit 130. Following touches no cache.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli, spawnCli, type CliProcess } from "../helpers/cli.js";
import { createLogGroup, putLogEvents } from "../helpers/seed-services.js";

const moto = await startMoto();
const GROUP = "/aws/lambda/tailed";

/** Resolves once `check()` holds, polling every 50 ms; fails after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The tail's stdout so far, as it streams. */
function watch(tail: CliProcess): { text: () => string } {
  let text = "";
  tail.child.stdout?.on("data", (chunk: string) => (text += chunk));
  return { text: () => text };
}

describe.skipIf(moto === undefined)("logs tail against moto_server", () => {
  let endpoint = "";
  const suite = motoSuite(moto, async (motoEndpoint) => {
    endpoint = motoEndpoint;
    await createLogGroup(endpoint, "us-east-1", GROUP);
    await putLogEvents(endpoint, "us-east-1", GROUP, "s1", [
      { minutesAgo: 30, message: "older than ten minutes" },
      { minutesAgo: 5, message: "recent" },
    ]);
  });

  it("without --follow prints the last 10 minutes and exits; no cache is read or written", async () => {
    const result = await runCli(["logs", "tail", GROUP], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut(result).map((r) => r.message)).toEqual(["recent"]);
    expect(result.stderr).toMatch(/logs\/events: live, not cached/);
    const wider = await runCli(["logs", "tail", GROUP, "--since", "1h"], suite.sandbox.env);
    expect(jsonOut(wider).map((r) => r.message)).toEqual(["older than ten minutes", "recent"]);
    expect(suite.proxy.count("FilterLogEvents")).toBe(2);
    expect(existsSync(join(suite.sandbox.cacheDir, "logs"))).toBe(false);
  });

  it("without --follow on an 80-column terminal: the table and the context line fit, no region column", async () => {
    const forceTty = pathToFileURL(new URL("../helpers/force-tty.mjs", import.meta.url).pathname).href;
    const result = await runCli(
      ["logs", "tail", GROUP, "--since", "1h"],
      { ...suite.sandbox.env, AWSTRIAGE_TEST_COLUMNS: "80" },
      { nodeArgs: ["--import", forceTty] },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.trimEnd().split("\n");
    expect(out[0]).toMatch(/^timestamp\s+logStreamName\s+message$/);
    expect(out.slice(1).map((l) => l.split(/\s+/).pop())).toEqual(["minutes", "recent"]);
    for (const line of [...out, ...result.stderr.trimEnd().split("\n")])
      expect(line.length, line).toBeLessThanOrEqual(80);
    // The note said short, the region it follows whole.
    expect(result.stderr).toMatch(/^awstriage: account 123456789012 \| region us-east-1 \| profile m.* \| live\n$/m);
  });

  it("--follow -o ndjson: events put while it runs arrive exactly once, as whole lines; SIGINT ends it with exit 130", async () => {
    const tail = spawnCli(
      ["logs", "tail", GROUP, "--follow", "-o", "ndjson", "--log-level", "debug"],
      suite.sandbox.env,
    );
    const out = watch(tail);
    const messages = () =>
      out
        .text()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => (JSON.parse(line) as { message: string }).message);
    await until("the last 10 minutes", () => messages().includes("recent"));

    await putLogEvents(endpoint, "us-east-1", GROUP, "s2", [
      { minutesAgo: 0, message: "live one" },
      { minutesAgo: 0, message: "live two" },
    ]);
    await until("the first live events", () => messages().includes("live two"));
    // Two more polls: their start times overlap the events already printed, which come back.
    const polls = suite.proxy.count("FilterLogEvents");
    await until("two more polls", () => suite.proxy.count("FilterLogEvents") >= polls + 2);
    await putLogEvents(endpoint, "us-east-1", GROUP, "s3", [{ minutesAgo: 0, message: "live three" }]);
    await until("the next live event", () => messages().includes("live three"));

    tail.child.kill("SIGINT");
    const result = await tail.result;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout.endsWith("\n")).toBe(true);
    const lines = result.stdout.trimEnd().split("\n");
    const records = lines.map((line) => JSON.parse(line) as { message: string; eventId: string; region: string });
    expect(records.map((r) => r.message)).toEqual(["recent", "live one", "live two", "live three"]);
    expect(new Set(records.map((r) => r.eventId)).size).toBe(4);
    expect(records.every((r) => r.region === "us-east-1")).toBe(true);
    expect(result.stderr).toMatch(/interrupted/);
    // The overlapping polls did bring events back: they were dropped, not printed again.
    const stats = /followed \S+: (\d+) polls, (\d+) events, (\d+) repeats dropped/.exec(result.stderr);
    expect(stats?.[2]).toBe("4");
    expect(Number(stats?.[3])).toBeGreaterThan(0);
    expect(existsSync(join(suite.sandbox.cacheDir, "logs"))).toBe(false);
  }, 90_000);

  it("--follow -o json writes ndjson and says so once on stderr", async () => {
    const tail = spawnCli(["logs", "tail", GROUP, "--follow", "-o", "json"], suite.sandbox.env);
    const out = watch(tail);
    await until("the first event", () => out.text().includes("\n"));
    tail.child.kill("SIGINT");
    const result = await tail.result;
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout.trim().split("\n")[0] as string)).toMatchObject({ message: "recent" });
    expect(result.stderr.match(/writing ndjson/g)).toHaveLength(1);
  }, 60_000);

  it("--follow stops by itself when the reader goes away (| head -1), with the run's exit code", async () => {
    const tail = spawnCli(["logs", "tail", GROUP, "--follow"], suite.sandbox.env);
    const out = watch(tail);
    await until("the first event", () => out.text().includes("\n"));
    tail.child.stdout?.destroy();
    // The next event's write finds the pipe closed.
    await putLogEvents(endpoint, "us-east-1", GROUP, "s4", [{ minutesAgo: 0, message: "nobody reads this" }]);
    const result = await tail.result;
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/interrupted|internal error/);
  }, 60_000);
});
