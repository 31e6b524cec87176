/**
 * A multi-line message (a Python traceback with a planted escape sequence) against moto_server:
 * `logs search -o table` and `logs tail -o table` print each of its lines on its own line,
 * indented under the event, sanitised; `-o json` keeps the message byte for byte.
 */
import { describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { createLogGroup, putLogEvents } from "../helpers/seed-services.js";

const moto = await startMoto();
const REGION = ["--region", "us-east-1"];
const GROUP = "/aws/lambda/demo-error-function";
// Shaped like the recorded demo-error-function traceback (realdata: logs-events__lambda-get-log-events).
const TRACE = [
  "[ERROR] ZeroDivisionError: division by zero",
  "Traceback (most recent call last):",
  '  File "/var/task/app.py", line 5, in handler',
  "    return 1 / 0\u001b[2J",
  "",
].join("\n");

describe.skipIf(moto === undefined)("multi-line log messages against moto_server", () => {
  const suite = motoSuite(moto, async (endpoint) => {
    await createLogGroup(endpoint, "us-east-1", GROUP, 7);
    await putLogEvents(endpoint, "us-east-1", GROUP, "2026/12/07/[$LATEST]b2", [
      { minutesAgo: 3, message: TRACE },
      { minutesAgo: 2, message: "END RequestId: 1" },
    ]);
  });

  const expectIndented = (stdout: string) => {
    const lines = stdout.split("\n");
    const first = lines.findIndex((l) => l.includes("[ERROR] ZeroDivisionError: division by zero"));
    expect(first).toBeGreaterThanOrEqual(0);
    const column = (lines[first] ?? "").indexOf("[ERROR]");
    const indent = " ".repeat(column + 2);
    expect(lines.slice(first + 1, first + 4)).toEqual([
      `${indent}Traceback (most recent call last):`,
      `${indent}  File "/var/task/app.py", line 5, in handler`,
      `${indent}    return 1 / 0\\x1b[2J`,
    ]);
    expect(lines[first + 4]).toMatch(/END RequestId: 1$/);
    expect(stdout).not.toContain("\u001b");
  };

  it("logs search -o table prints the trace on its own indented lines, sanitised; -o json keeps it as is", async () => {
    const table = await runCli(["logs", "search", GROUP, ...REGION, "-o", "table", "--wide"], suite.sandbox.env);
    expect(table.code, table.stderr).toBe(0);
    expectIndented(table.stdout);
    const json = await runCli(["logs", "search", GROUP, ...REGION], suite.sandbox.env);
    expect(jsonOut<{ message: string }>(json)[0]?.message).toBe(TRACE);
  });

  it("logs tail -o table does the same", async () => {
    const tail = await runCli(["logs", "tail", GROUP, ...REGION, "-o", "table", "--wide"], suite.sandbox.env);
    expect(tail.code, tail.stderr).toBe(0);
    expectIndented(tail.stdout);
  });
});
