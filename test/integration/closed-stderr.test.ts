/**
 * Issue 26, item 9: a closed stderr (`2>&-`, or stderr into a pipe whose reader went away)
 * loses the messages, never the run: the exit code is the run's, and with --log-level debug
 * (the most stderr there is) stdout still carries every record. Offline on the demo cache.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/aws-env.js";
import { BIN } from "../helpers/cli.js";

const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
const ARGS = ["lambda", "list", "--offline", "--cache-dir", DEMO_CACHE, "--profile", "demo", "--region", "us-east-1"];
const DEBUG = [...ARGS, "--log-level", "debug", "-o", "json"];

/** Runs the CLI with stderr closed one way or the other; stdout and the exit code come back. */
function withClosedStderr(
  how: "2>&-" | "reader gone",
  args: string[],
): Promise<{ code: number | null; stdout: string }> {
  const child =
    how === "2>&-"
      ? spawn("sh", ["-c", 'exec "$0" "$@" 2>&-', process.execPath, BIN, ...args], {
          env: cleanEnv(),
          stdio: ["ignore", "pipe", "ignore"],
        })
      : spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  // The reader of stderr goes away before the CLI writes anything: every write is EPIPE.
  child.stderr?.destroy();
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout }));
  });
}

describe("a closed stderr", () => {
  for (const how of ["2>&-", "reader gone"] as const) {
    it(`(${how}) keeps the exit code and, with --log-level debug, every record on stdout`, async () => {
      const result = await withClosedStderr(how, DEBUG);
      expect(result.code).toBe(0);
      const records = JSON.parse(result.stdout) as { functionName: string }[];
      expect(records.map((r) => r.functionName)).toContain("payments-worker");
    });

    it(`(${how}) keeps a failure's exit code (offline miss: 5, not 1)`, async () => {
      const result = await withClosedStderr(how, [...ARGS.slice(0, 4), "/nonexistent-cache", ...ARGS.slice(5)]);
      expect(result.code).toBe(5);
    });
  }
});
