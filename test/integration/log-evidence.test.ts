/**
 * Log evidence on error findings against moto_server: a function with errors whose log group
 * holds 300 timeout lines (numbers and request ids varying) and 50 other errors gets two
 * signatures with the right counts, the first at 86 %; `logs patterns` prints the same for the
 * group; a warm run sends no request; offline gives the same findings.
 */
import { describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { createFunctions, createLogGroup, putLogEvents, putMetricData } from "../helpers/seed-services.js";
import type { Finding, LogPatternRecord } from "../../src/records/index.js";

const moto = await startMoto();
const REGION = ["--region", "us-east-1"];
const GROUP = "/aws/lambda/checkout";
const TIMEOUT_SIGNATURE = "Timeout after <n> ms calling orders-db (req <hex>)";
const DECLINED_SIGNATURE = "ERROR PaymentDeclined: card <n> declined";

async function seed(endpoint: string): Promise<void> {
  const r = "us-east-1";
  await createFunctions(endpoint, r, [{ name: "checkout", runtime: "python3.13", timeout: 5 }]);
  const fn = { FunctionName: "checkout" };
  await putMetricData(endpoint, r, "AWS/Lambda", [
    { metricName: "Invocations", dimensions: fn, value: 1000, minutesAgo: 10 },
    { metricName: "Errors", dimensions: fn, value: 350, minutesAgo: 10 },
    { metricName: "Duration", dimensions: fn, value: 3100, minutesAgo: 10 },
  ]);
  await createLogGroup(endpoint, r, GROUP, 14);
  const timeouts = Array.from({ length: 300 }, (_, i) => ({
    minutesAgo: 30 - i * 0.05,
    message: `Timeout after ${2900 + i} ms calling orders-db (req ${(0x7f3a0000 + i * 977).toString(16)})`,
  }));
  const declined = Array.from({ length: 50 }, (_, i) => ({
    minutesAgo: 20 - i * 0.1,
    message: `ERROR PaymentDeclined: card ${4000 + i} declined`,
  }));
  await putLogEvents(endpoint, r, GROUP, "2026/12/07/[$LATEST]a1", [...timeouts, ...declined]);
  // Its twin in eu-west-1 failed too, but never logged: no log group there.
  await createFunctions(endpoint, "eu-west-1", [{ name: "checkout", runtime: "python3.13", timeout: 5 }]);
  await putMetricData(endpoint, "eu-west-1", "AWS/Lambda", [
    { metricName: "Errors", dimensions: fn, value: 3, minutesAgo: 10 },
  ]);
}

describe.skipIf(moto === undefined)("log evidence against moto_server", () => {
  const suite = motoSuite(moto, seed);

  it("puts the top signatures of the function's error lines on its error finding; warm, no request; offline, the same", async () => {
    const cold = await runCli(["triage", ...REGION], suite.sandbox.env);
    expect(cold.code, cold.stderr).toBe(0);
    const errors = jsonOut<Finding>(cold).find((f) => f.ruleId === "lambda.errors");
    expect(errors?.logSignatures?.map((s) => [s.signature, s.count])).toEqual([
      [TIMEOUT_SIGNATURE, 300],
      [DECLINED_SIGNATURE, 50],
    ]);
    expect(Math.round((errors?.logSignatures?.[0]?.share ?? 0) * 100)).toBe(86);
    expect(errors?.logSignatures?.[0]?.example).toMatch(/^Timeout after 2900 ms calling orders-db \(req 7f3a0000\)$/);
    expect(suite.proxy.count("FilterLogEvents")).toBe(1);
    // Only the error finding carries evidence.
    expect(
      jsonOut<Finding>(cold)
        .filter((f) => f.logSignatures !== undefined)
        .map((f) => f.ruleId),
    ).toEqual(["lambda.errors"]);

    suite.proxy.reset();
    const warm = await runCli(["triage", ...REGION], suite.sandbox.env);
    expect(suite.proxy.count()).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);

    const offline = await runCli(["triage", ...REGION, "--offline"], suite.sandbox.env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toBe(cold.stdout);
  });

  it("shows the top signature and its share on the triage table", async () => {
    const table = await runCli(["triage", ...REGION, "-o", "table", "--wide"], suite.sandbox.env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`· logs 86%: ${TIMEOUT_SIGNATURE}`);
  });

  it("logs patterns prints every signature of the group, cached like triage's read", async () => {
    const result = await runCli(["logs", "patterns", GROUP, ...REGION, "--since", "1h"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<LogPatternRecord>(result);
    expect(records.map((r) => [r.signature, r.count, r.eventsRead, r.complete])).toEqual([
      [TIMEOUT_SIGNATURE, 300, 350, true],
      [DECLINED_SIGNATURE, 50, 350, true],
    ]);
    suite.proxy.reset();
    const again = await runCli(["logs", "patterns", GROUP, ...REGION, "--since", "1h", "--offline"], suite.sandbox.env);
    expect(jsonOut(again)).toEqual(records);
    expect(suite.proxy.count()).toBe(0);
    // A table reads the share as a percentage (json keeps the fraction).
    const table = await runCli(
      ["logs", "patterns", GROUP, ...REGION, "--since", "1h", "-o", "table"],
      suite.sandbox.env,
    );
    expect(table.stdout).toMatch(/^300 +86% +/m);
    expect(table.stdout).not.toMatch(/0\.857/);
  });

  it("a group missing from one region of two is a warning; triage reads a missing group as no evidence", async () => {
    const both = ["--region", "us-east-1,eu-west-1"];
    const result = await runCli(["logs", "patterns", GROUP, ...both, "--since", "1h"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOut<LogPatternRecord>(result).map((r) => r.region)).toEqual(["us-east-1", "us-east-1"]);
    expect(result.stderr).toMatch(/warn: no log group \/aws\/lambda\/checkout in eu-west-1/);
    // The same function in eu-west-1 (seeded), with errors and no log group there: its finding, without signatures.
    const triage = await runCli(
      ["triage", "--region", "eu-west-1", "--sources", "lambda,log-evidence"],
      suite.sandbox.env,
    );
    expect(triage.code, triage.stderr).toBe(0);
    const errors = jsonOut<Finding>(triage).find((f) => f.ruleId === "lambda.errors");
    expect(errors).toMatchObject({ resourceId: "checkout", region: "eu-west-1" });
    expect(errors?.logSignatures ?? []).toEqual([]);
  });

  it("logs patterns --max-events reads a sample and says so", async () => {
    const result = await runCli(["logs", "patterns", GROUP, ...REGION, "--max-events", "100"], suite.sandbox.env);
    expect(result.code, result.stderr).toBe(0);
    const records = jsonOut<LogPatternRecord>(result);
    expect(records.every((r) => r.eventsRead === 100 && r.complete === false)).toBe(true);
    expect(result.stderr).toMatch(/read the first 100 matching lines/);
  });
});
