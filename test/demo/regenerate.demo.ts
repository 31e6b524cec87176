/**
 * Regenerates test/fixtures/demo-cache, the cache `npm run demo` triages offline: the triage
 * scenario seeded into moto_server, fetched by the built CLI exactly as a user would.
 *
 * Two edits, both for what the emulator cannot do: moto reports every instance's status checks
 * as ok and has no scheduled events, so one cached DescribeInstanceStatus item gets an impaired
 * system check and a retirement event (to show the two EC2 rules); and moto fails every p99
 * query, so those failed results are dropped (p99 stays null without a warning on every demo
 * run); and moto does not implement Lambda GetAccountSettings (HTTP 404), so its cached answer
 * gets the default account limit of 1000 (otherwise every demo run warns that
 * lambda.concurrency-near-limit is skipped). Everything else is what the emulator answered.
 */
import { describe, expect, it } from "vitest";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMoto } from "../helpers/moto.js";
import { createSandbox } from "../helpers/aws-env.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { seedTriageScenario, BROKEN_REGION, HEALTHY_REGION, SCENARIO_FINDINGS } from "../helpers/triage-scenario.js";
import type { Finding } from "../../src/records/index.js";

export const DEMO_CACHE = fileURLToPath(new URL("../fixtures/demo-cache", import.meta.url));
export const DEMO_PROFILE = "demo";
const REGIONS = `${BROKEN_REGION},${HEALTHY_REGION}`;

/** The demo's EC2 problems, which the emulator cannot produce. */
function breakInstance(path: string, instanceId: string, fetchedAt: string): void {
  const envelope = JSON.parse(readFileSync(path, "utf8"));
  const item = envelope.items.find((i: { InstanceId?: string }) => i.InstanceId === instanceId);
  item.SystemStatus = {
    Status: "impaired",
    Details: [{ Name: "reachability", Status: "failed", ImpairedSince: fetchedAt }],
  };
  const notBefore = new Date(Date.parse(fetchedAt) + 7 * 86_400_000).toISOString();
  item.Events = [
    {
      Code: "instance-retirement",
      Description: "The instance is running on degraded hardware",
      NotBefore: notBefore,
      InstanceEventId: "instance-event-0demo",
    },
  ];
  writeFileSync(path, JSON.stringify(envelope));
}

/** Drops the GetMetricData results moto could not compute (its p99 queries fail). */
function dropFailedResults(path: string): void {
  const envelope = JSON.parse(readFileSync(path, "utf8"));
  envelope.items = envelope.items.filter((result: { StatusCode?: string }) => result.StatusCode === "Complete");
  writeFileSync(path, JSON.stringify(envelope));
}

/** AWS's default Lambda concurrency limit, in place of moto's 404 for GetAccountSettings. */
function fillAccountSettings(path: string): void {
  const envelope = JSON.parse(readFileSync(path, "utf8"));
  envelope.items = [{ concurrentExecutions: 1000, unreservedConcurrentExecutions: 1000 }];
  writeFileSync(path, JSON.stringify(envelope));
}

/**
 * The modes a git checkout gives the fixture (0644 files, 0755 folders) instead of the cache's
 * private 0600/0700: tests copy the demo cache for another user, as a clean clone has it.
 */
function checkoutModes(path: string): void {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) checkoutModes(child);
    chmodSync(child, entry.isDirectory() ? 0o755 : 0o644);
  }
}

describe("the demo cache", () => {
  it("is regenerated from moto_server with problems seeded in", async () => {
    const moto = await startMoto();
    if (moto === undefined) throw new Error("moto_server is needed to regenerate the demo cache");
    try {
      const { brokenInstances } = await seedTriageScenario(moto.endpoint);
      const sandbox = createSandbox([{ name: DEMO_PROFILE, region: BROKEN_REGION, endpoint: moto.endpoint }]);
      rmSync(DEMO_CACHE, { recursive: true, force: true });
      const env = { ...sandbox.env, AWSTRIAGE_CACHE_DIR: DEMO_CACHE };
      const online = await runCli(["triage", "--region", REGIONS, "-q"], env);
      expect(online.code, online.stderr).toBe(0);
      expect(jsonOut<Finding>(online).map((f) => `${f.severity} ${f.ruleId} ${f.resourceId} ${f.region}`)).toEqual(
        SCENARIO_FINDINGS,
      );

      const statusFile = join(DEMO_CACHE, "ec2", DEMO_PROFILE, BROKEN_REGION, "instance-status.json");
      for (const region of [BROKEN_REGION, HEALTHY_REGION]) {
        const dir = join(DEMO_CACHE, "lambda", DEMO_PROFILE, region);
        for (const file of readdirSync(dir).filter((f) => f.startsWith("metrics-"))) dropFailedResults(join(dir, file));
        fillAccountSettings(join(dir, "account-settings.json"));
      }
      if (existsSync(statusFile))
        breakInstance(statusFile, brokenInstances[0] as string, JSON.parse(readFileSync(statusFile, "utf8")).fetchedAt);
      const offline = await runCli(["triage", "--offline", "--profile", DEMO_PROFILE, "--region", REGIONS, "-q"], {
        ...sandbox.env,
        AWSTRIAGE_CACHE_DIR: DEMO_CACHE,
      });
      expect(offline.code, offline.stderr).toBe(0);
      expect(offline.stderr).toBe("");
      const rules = jsonOut<Finding>(offline).map((f) => f.ruleId);
      if (existsSync(statusFile))
        expect(rules).toEqual(expect.arrayContaining(["ec2.status-impaired", "ec2.scheduled-event"]));
      checkoutModes(DEMO_CACHE);
      sandbox.cleanup();
    } finally {
      await moto.stop();
    }
  });
});
