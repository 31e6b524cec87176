/**
 * The benchmark's own data: EC2 instances and log events in moto_server, seeded through the
 * SDK as a real account would have been set up, and synthetic cache entries for `cache ls`.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { seedConfig } from "../test/helpers/aws-env.js";
import { runInstances } from "../test/helpers/seed.js";
import { writeEnvelope } from "../src/cache/store.js";
import { cacheFilePath } from "../src/cache/paths.js";
import { testEnvelope } from "../test/helpers/cache-envelope.js";

/** moto accepts this many instances per RunInstances call without trouble. */
const INSTANCES_PER_CALL = 500;
/** PutLogEvents allows 10,000 events and 1 MB per call; these events are ~100 bytes. */
const EVENTS_PER_CALL = 5_000;

export async function seedInstances(endpoint: string, region: string, count: number): Promise<void> {
  for (let done = 0; done < count; done += INSTANCES_PER_CALL) {
    const n = Math.min(INSTANCES_PER_CALL, count - done);
    await runInstances(endpoint, region, n, {
      type: done % 1000 === 0 ? "m5.large" : "t3.micro",
      tags: { Name: `bench-${done}`, team: "bench" },
    });
  }
}

/** `count` events in one stream, spread over the last `spanMs` before now, oldest first. */
export async function seedLogEvents(
  endpoint: string,
  region: string,
  group: string,
  count: number,
  spanMs: number,
): Promise<void> {
  const logs = new CloudWatchLogsClient(seedConfig(endpoint, region));
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "app-1" }));
  const start = Date.now() - spanMs;
  const step = spanMs / count;
  for (let done = 0; done < count; done += EVENTS_PER_CALL) {
    const n = Math.min(EVENTS_PER_CALL, count - done);
    const logEvents = Array.from({ length: n }, (_, i) => {
      const k = done + i;
      const level = k % 50 === 0 ? "ERROR" : "INFO";
      return {
        timestamp: Math.floor(start + k * step),
        message: `${level} request ${k} handled in ${k % 997} ms path=/api/items/${k % 113} user=u${k % 71}`,
      };
    });
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: "app-1", logEvents }));
  }
  logs.destroy();
}

/** `count` small cache entries across scripts, profiles and regions, as awstriage writes them. */
export async function seedCacheEntries(root: string, count: number): Promise<void> {
  const kinds = [
    ["ec2", "instances"],
    ["lambda", "functions"],
    ["cloudwatch", "alarms"],
    ["logs", "groups"],
    ["ec2", "instance-status"],
  ] as const;
  const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
  for (let i = 0; i < count; i++) {
    const [script, resource] = kinds[i % kinds.length] as (typeof kinds)[number];
    const profile = `profile-${Math.floor(i / (kinds.length * regions.length))}`;
    const region = regions[Math.floor(i / kinds.length) % regions.length] as string;
    const key = { script, resource, identity: profile, region, params: {} };
    const items = Array.from({ length: 1 + (i % 20) }, (_, k) => ({
      Id: `${resource}-${k}`,
      Name: `${resource} ${k} of entry ${i}`,
    }));
    const fetchedAt = new Date(Date.now() - (i % 600) * 1000).toISOString();
    await writeEnvelope(
      cacheFilePath(root, key),
      testEnvelope({ script, resource, profile, region, fetchedAt, awstriageVersion: "bench", items }),
      root,
    );
  }
}
