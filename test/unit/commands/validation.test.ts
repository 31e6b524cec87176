/**
 * Bad input to the service commands: exit 2 with one clear line on stderr, nothing on stdout,
 * before any profile, region or AWS call is needed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/main.js";
import { alarmsOptionsSchema } from "../../../src/commands/cloudwatch.js";

let stderr = "";
let stdout = "";
beforeEach(() => {
  stderr = "";
  stdout = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  // No profile anywhere: a command that got past validation would exit 3, not 2.
  vi.stubEnv("AWS_PROFILE", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const run = (...args: string[]) => main(["node", "awstriage", ...args]);

describe("service command options", () => {
  it.each([
    [["lambda", "metrics", "--since", "5x"], /invalid --since "5x"/],
    [["lambda", "metrics", "--since", "0"], /--since must be longer than 0/],
    [
      ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--since", "1y"],
      /invalid --since "1y"/,
    ],
    [["logs", "search", "/g", "--until", "soon"], /invalid --until "soon"/],
    [["logs", "insights", "/g", "--query", "fields @message", "--timeout", "forever"], /invalid --timeout "forever"/],
    [["cloudwatch", "metrics", "--metric", "Errors"], /--namespace is required/],
    [["cloudwatch", "metrics", "--namespace", "AWS/Lambda"], /--metric is required/],
    [
      ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--dimension", "FunctionName"],
      /--dimension must be KEY=VALUE, got "FunctionName"/,
    ],
    [
      ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--period", "45"],
      /--period must be 1, 5, 10, 20 or 30 seconds or whole minutes/,
    ],
    [
      ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--stat", "median"],
      /--stat must be/,
    ],
    [["cloudwatch", "alarms", "--state", "FIRING"], /--state must be one or more of OK, ALARM, INSUFFICIENT_DATA/],
    [
      ["logs", "search", "/g", "--since", "1h", "--until", "2h"],
      /the window ends before it starts: --until 2h must be a shorter duration than --since 1h/,
    ],
    [["logs", "search", "/g", "--limit", "0"], /--limit must be a whole number from 1 to/],
    [["logs", "search", "/g", "--limit", "ten"], /--limit must be a whole number/],
    [["logs", "insights", "/g"], /--query is required/],
    [["logs", "search"], /missing required argument 'group'/],
    [["logs", "insights", "--query", "fields @message"], /missing required argument 'groups'/],
  ])("%j exits 2 with a one-line message", async (args, message) => {
    const code = await run(...(args as string[]));
    expect(code).toBe(2);
    expect(stderr).toMatch(message as RegExp);
    expect(stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    expect(stdout).toBe("");
  });

  it("takes a listed value in any case, and gives it back as the list spells it", () => {
    const parsed = alarmsOptionsSchema.parse({ state: "alarm, Insufficient_Data" });
    expect(parsed.state).toEqual(["ALARM", "INSUFFICIENT_DATA"]);
    expect(alarmsOptionsSchema.safeParse({ state: "firing" }).success).toBe(false);
  });

  it("gets past validation with good options (and then needs a profile: exit 3)", async () => {
    const code = await run(
      "logs",
      "search",
      "/g",
      "--since",
      "2h",
      "--until",
      "1h",
      "--limit",
      "5",
      "--filter",
      "ERROR",
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(/no AWS profile/);
  });
});
