/**
 * Issue 23's changes against moto_server, on issue 22's outage: the ECS service's deployment
 * (from the graph's own ECS answer) is a change (the changes source needs CloudTrail: the
 * recorded LookupEvents stand-in). GetAccountSettings (for the account limit) comes from its
 * loopback stand-in.
 */
import { describe, expect, it } from "vitest";
import { startMoto } from "../helpers/moto.js";
import { motoSuite } from "../helpers/suite.js";
import { jsonOut, runCli } from "../helpers/cli.js";
import { startCloudTrailStandIn } from "../helpers/cloudtrail-stand-in.js";
import { outageStandIn } from "../helpers/account-settings-stand-in.js";
import { OUTAGE_REGION, seedOutage } from "../helpers/outage-scenario.js";
import type { TimelineEvent } from "../../src/records/index.js";

const moto = await startMoto();
const REGION = ["--region", OUTAGE_REGION];

describe.skipIf(moto === undefined)("changes along the resource graph against moto_server", () => {
  let seededAt = 0;
  const suite = motoSuite(moto, async (endpoint) => {
    seededAt = Date.now();
    await seedOutage(endpoint);
  });
  const { sandbox } = outageStandIn(suite);

  it("the ECS service's deployment is a change: timeline prod/web lists it, from the graph's cached ECS answer", async () => {
    const sb = sandbox();
    const trail = await startCloudTrailStandIn(Date.now());
    try {
      const env = { ...sb.env, AWS_ENDPOINT_URL_CLOUDTRAIL: trail.endpoint };
      const result = await runCli(["timeline", "prod/web", ...REGION, "--since", "1h", "-o", "json"], env);
      expect(result.code, result.stderr).toBe(0);
      const changes = jsonOut<TimelineEvent>(result).filter((e) => e.kind === "change");
      // moto starts one deployment of the registered task definition when the service is created.
      expect(changes).toContainEqual(
        expect.objectContaining({
          resource: "prod/web",
          summary: "deployed web:1 to prod/web",
          evidence: expect.objectContaining({ source: "ecs", who: null }),
        }),
      );
      const at = Date.parse(changes.find((e) => e.resource === "prod/web")?.at ?? "");
      expect(Math.abs(at - seededAt)).toBeLessThan(120_000);
      // Not the idle twin's service.
      expect(changes.some((e) => e.resource === "prod/idle")).toBe(false);
      // One read of ECS serves the graph and the changes.
      expect(suite.proxy.count("ListClusters")).toBe(1);
    } finally {
      await trail.close();
    }
  });
});
