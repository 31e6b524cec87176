/**
 * Region names are checked against the SDK's partition data before any request. A typo
 * (`us-est-1`) would otherwise reach the SDK, which makes `ec2.us-est-1.amazonaws.com` of it and
 * fails on whatever answers there (an XML parse error, exit 4). With a custom endpoint
 * (--endpoint-url, AWS_ENDPOINT_URL*, a profile's endpoint_url or services section) any
 * well-formed name passes: emulators accept made-up regions. `--offline` asks nothing, so it
 * checks nothing (the cache says what it has).
 */
import { partitionRegions } from "../aws/partition-regions.js";
import type { ProfileSettings } from "../aws/config-files.js";
import { nearest } from "../help/usage-errors.js";

export interface RegionCheck {
  /** False for a well-formed name AWS does not have (where the check applies). */
  known(region: string): boolean;
  /** The known region closest to a typo, if one is close enough. */
  suggest(region: string): string | undefined;
}

const EVERY_NAME: RegionCheck = { known: () => true, suggest: () => undefined };

export function regionCheck(
  options: { offline: boolean; endpointUrl: string | undefined },
  env: NodeJS.ProcessEnv,
  settings: ProfileSettings | undefined,
): RegionCheck {
  if (options.offline || hasCustomEndpoint(options, env, settings)) return EVERY_NAME;
  const regions = partitionRegions();
  // Running from source with an SDK that moved its data: better no check than refusing all.
  if (regions.length === 0) return EVERY_NAME;
  const set = new Set(regions);
  return { known: (region) => set.has(region), suggest: (region) => nearest(region, regions) };
}

function hasCustomEndpoint(
  options: { endpointUrl: string | undefined },
  env: NodeJS.ProcessEnv,
  settings: ProfileSettings | undefined,
): boolean {
  if (options.endpointUrl !== undefined) return true;
  // AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_EC2 and the like.
  if (Object.entries(env).some(([key, value]) => key.startsWith("AWS_ENDPOINT_URL") && value)) return true;
  return Boolean(settings?.endpoint_url || settings?.services);
}
