/**
 * Which profile and regions a run covers: from the flags, the environment and the shared
 * config files, and with `--offline` and nothing given, from what the cache holds.
 */
import type { SharedConfig } from "../aws/config-files.js";
import { UnusableFile } from "../cache/envelope-file.js";
import { cachedFolders } from "../cache/layout.js";
import { cacheIdentity, safeSegment } from "../cache/paths.js";
import { fail } from "../errors/errors.js";
import { ENV_IDENTITY, environmentCredentials } from "../aws/environment-credentials.js";
import { REGION_RE } from "../options/options.js";
import type { FetchSpec } from "./fetch-spec.js";
import { regionCheck } from "./region-check.js";

/** STS answers the same from every region; its cache lives under this region folder. */
export const GLOBAL_REGION = "global";

export interface RunContext {
  /** The profile, or ENV_IDENTITY for exported credentials (`environment`). */
  profile: string;
  /** Where the credentials come from: a profile, or keys exported in the environment. */
  credentials: "profile" | "environment";
  /** Sorted, or `all` (DescribeRegions decides). */
  regions: string[] | "all";
  /** The region the default chain gives (used for STS and DescribeRegions). */
  homeRegion: string;
}

/** What the context is resolved from (a SessionSpec). */
export interface ContextSpec {
  profile: string | undefined;
  roleArn: string | undefined;
  regions: string[] | "all" | undefined;
  offline: boolean;
  cacheRoot: string;
  /** `--endpoint-url`: any well-formed region name is then accepted (emulators make them up). */
  endpointUrl: string | undefined;
}

export function resolveContext(options: ContextSpec, env: NodeJS.ProcessEnv, shared: SharedConfig): RunContext {
  const { profile, credentials } = chooseCredentials(options, env);
  const environment = credentials === "environment";
  if (credentials === "profile" && !options.offline && !shared.profiles.has(profile)) {
    throw fail("ProfileNotFound", {
      profile,
      configFile: shared.configFile,
      credentialsFile: shared.credentialsFile,
    });
  }
  // Exported keys borrow nothing from any profile: no [default] region behind the user's back.
  const settings = credentials === "profile" ? shared.profiles.get(profile) : undefined;
  const chainRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || settings?.region || undefined;
  const check = regionCheck(options, env, settings);
  const usable = (region: string) => REGION_RE.test(region) && check.known(region);
  let regions: string[] | "all";
  if (options.regions !== undefined) {
    // Sorted, so the merged output does not depend on the order the regions were typed in.
    regions = options.regions === "all" ? "all" : [...options.regions].sort();
    const unknown = Array.isArray(regions) ? regions.find((region) => !check.known(region)) : undefined;
    if (unknown !== undefined) throw fail("UnknownRegion", { region: unknown, nearest: check.suggest(unknown) });
  } else if (chainRegion !== undefined) {
    if (!usable(chainRegion)) {
      const nearest = REGION_RE.test(chainRegion) ? check.suggest(chainRegion) : undefined;
      throw fail("BadDefaultRegion", { region: chainRegion, profile, environment, nearest });
    }
    regions = [chainRegion];
  } else if (options.offline) {
    regions = [onlyCachedRegion(options.cacheRoot, cacheIdentity(profile, options.roleArn))];
  } else {
    throw fail("NoRegion", { profile, environment });
  }
  // A bad default region does not matter when --region names the regions (the flag wins): every
  // client, the credential chain's own included, is given a region (run/account-session.ts).
  const usableChainRegion = chainRegion !== undefined && usable(chainRegion) ? chainRegion : undefined;
  const homeRegion = usableChainRegion ?? (Array.isArray(regions) ? regions[0] : undefined) ?? "us-east-1";
  return { profile, credentials, regions, homeRegion };
}

/**
 * `--profile`, else `AWS_PROFILE` (both already in options.profile), else exported keys; with
 * `--offline` and none of them, the only identity the cache holds. Never `[default]` unasked.
 */
function chooseCredentials(options: ContextSpec, env: NodeJS.ProcessEnv): Pick<RunContext, "profile" | "credentials"> {
  if (options.profile !== undefined) return { profile: options.profile, credentials: "profile" };
  if (environmentCredentials(env) !== undefined) return { profile: ENV_IDENTITY, credentials: "environment" };
  const cached = options.offline ? onlyCachedIdentity(options.cacheRoot) : undefined;
  if (cached === undefined) throw fail("NoProfile", {});
  return { profile: cached, credentials: cached === ENV_IDENTITY ? "environment" : "profile" };
}

/** `--offline` with no profile: use the only identity in the cache, if there is exactly one. */
function onlyCachedIdentity(root: string): string | undefined {
  const identities = new Set(cachedFolders(root).map((f) => f.identity));
  if (identities.size === 1) return [...identities][0];
  if (identities.size > 1) throw fail("OfflineSeveralProfiles", { profiles: [...identities].sort() });
  throw fail("OfflineEmptyCache", { root });
}

/** `--offline` with no region anywhere: use the only region cached for this identity. */
function onlyCachedRegion(root: string, identity: string): string {
  const regions = new Set(
    cachedFolders(root, safeSegment(identity))
      .map((f) => f.region)
      .filter((region) => region !== GLOBAL_REGION),
  );
  if (regions.size === 1) return [...regions][0] as string;
  throw fail("OfflineNoRegion", { identity, regions: [...regions].sort() });
}

/** EC2 DescribeRegions, cached under ec2/<identity>/<home region>/regions.json (for `--region all`). */
export const regionsSpec: FetchSpec<unknown> = {
  script: "ec2",
  resource: "regions",
  fetch: async (provider, region) => (await import("../aws/ec2.js")).describeRegions(provider, region),
};

/**
 * The region name of one DescribeRegions item, or undefined to drop it. AWS answers
 * AllRegions=false with enabled regions only; an item that still says `not-opted-in`
 * (emulators list every region) is dropped. A name that is not a region name (a damaged or
 * forged cache entry: "../", a number) makes the entry unusable, as it would become a path.
 */
export function enabledRegionName(item: unknown): string | undefined {
  const region = item as { RegionName?: unknown; OptInStatus?: unknown } | null;
  if (typeof region !== "object" || region === null) throw new UnusableFile("a region item is not an object");
  if (region.OptInStatus === "not-opted-in") return undefined;
  if (typeof region.RegionName !== "string" || !REGION_RE.test(region.RegionName)) {
    throw new UnusableFile("a region item has no valid RegionName");
  }
  return region.RegionName;
}
