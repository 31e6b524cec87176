/**
 * One run of a command: resolved profile, regions and identity, the cache settings, a lazily
 * built AwsClientProvider, and the bookkeeping every command shares (sources for the context
 * line and `--out`, regions that failed). Commands compose it with fetchers and normalizers.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { AwsClientProvider, type ClientFactory } from "./aws/provider.js";
import { isSsoProfile, loadSharedConfig, type SharedConfig } from "./aws/config-files.js";
import { networkTimeouts } from "./aws/timeouts.js";
import {
  cached,
  cachedStream,
  readEnvelope,
  type CacheSettings,
  type ItemMapper,
  type Source,
  type TimeWindow,
} from "./cache/store.js";
import { cacheFilePath, cacheIdentity, safeSegment } from "./cache/paths.js";
import { mapLimitSettled } from "./concurrency.js";
import { AwstriageError, ExitCode, fail, partialFailureExitCode } from "./errors.js";
import { createLogger, humanStream, type Logger } from "./log.js";
import { REGION_RE, type GlobalOptions } from "./options.js";
import { createProgress, silentProgress, writeAboveProgress, type Progress } from "./progress.js";
import type { CallerIdentity } from "./aws/sts.js";
import type { PageListener } from "./aws/paginate.js";

/** Connection and request timeouts: a hanging endpoint must not hang an incident. */
export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** STS answers the same from every region; its cache lives under this region folder. */
export const GLOBAL_REGION = "global";

/** What a command asks for: one cached resource, fetched once per region. */
export interface FetchSpec<T> {
  script: string;
  resource: string;
  params?: Record<string, unknown>;
  /** For windowed fetches: the absolute window `fetch` asks for, recorded in the envelope. */
  window?: TimeWindow;
  fetch(provider: AwsClientProvider, region: string, onPage: PageListener): Promise<T[]>;
}

export interface RegionResult<T> {
  region: string;
  account: string | null;
  items: T[];
  source: Source;
}

/** A RegionResult whose items, on a cache hit, are read from the file as they are iterated. */
export interface StreamedRegionResult<T> extends Omit<RegionResult<T>, "items"> {
  items: Iterable<T>;
}

export interface RegionFailure {
  region: string;
  /** `script/resource`, or the label a command gave `perRegion`. */
  resource: string;
  reason: string;
  exitCode: number;
}

/** One line on stderr per failed region task. */
export function formatFailure(failure: RegionFailure): string {
  return `awstriage: ${failure.resource} failed in ${failure.region}: ${failure.reason}`;
}

export interface Identity {
  account: string | null;
  arn: string | null;
  userId: string | null;
}

export interface RunDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clientFactory?: ClientFactory;
  progress?: Progress;
  now?: () => number;
}

export class Run {
  readonly options: GlobalOptions;
  readonly log: Logger;
  readonly profile: string;
  readonly identityKey: string;
  readonly cache: CacheSettings;
  readonly sources: Source[] = [];
  readonly failures: RegionFailure[] = [];
  /** The region the default chain gives (used for STS and DescribeRegions). */
  readonly homeRegion: string;
  private readonly explicitRegions: string[] | "all";
  private readonly shared: SharedConfig;
  private readonly deps: RunDeps;
  private providerInstance: AwsClientProvider | undefined;
  private identityPromise: Promise<Identity> | undefined;
  private regionsPromise: Promise<string[]> | undefined;
  private progressInstance: Progress | undefined;

  private constructor(init: {
    options: GlobalOptions;
    log: Logger;
    profile: string;
    homeRegion: string;
    regions: string[] | "all";
    shared: SharedConfig;
    deps: RunDeps;
  }) {
    this.options = init.options;
    this.log = init.log;
    this.profile = init.profile;
    this.homeRegion = init.homeRegion;
    this.explicitRegions = init.regions;
    this.shared = init.shared;
    this.deps = init.deps;
    this.identityKey = cacheIdentity(init.profile, init.options.roleArn);
    this.cache = {
      root: init.options.cacheRoot,
      ttlMs: init.options.ttlMs,
      force: init.options.force,
      offline: init.options.offline,
    };
  }

  static async create(options: GlobalOptions, deps: RunDeps = {}): Promise<Run> {
    const env = deps.env ?? process.env;
    // On a terminal, log lines first clear the progress line instead of running into it.
    const aboveProgress =
      process.stderr.isTTY && env.AWSTRIAGE_LOG_FORMAT !== "json" ? humanStream(writeAboveProgress) : undefined;
    const log = deps.logger ?? createLogger(options.logLevel, aboveProgress, env);
    const shared = loadSharedConfig(env);
    const profile = options.profile ?? (options.offline ? await onlyCachedIdentity(options.cacheRoot) : undefined);
    if (profile === undefined) {
      throw fail("NoProfile", {});
    }
    if (!options.offline && !shared.profiles.has(profile)) {
      throw fail("ProfileNotFound", {
        profile,
        configFile: shared.configFile,
        credentialsFile: shared.credentialsFile,
      });
    }
    const settings = shared.profiles.get(profile);
    const chainRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || settings?.region || undefined;
    let regions: string[] | "all";
    if (options.regions !== undefined) {
      // Sorted, so the merged output does not depend on the order the regions were typed in.
      regions = options.regions === "all" ? "all" : [...options.regions].sort();
    } else if (chainRegion !== undefined) {
      if (!REGION_RE.test(chainRegion)) throw fail("BadDefaultRegion", { region: chainRegion, profile });
      regions = [chainRegion];
    } else if (options.offline) {
      regions = [await onlyCachedRegion(options.cacheRoot, cacheIdentity(profile, options.roleArn))];
    } else {
      throw fail("NoRegion", { profile });
    }
    const homeRegion = chainRegion ?? (Array.isArray(regions) ? regions[0] : undefined) ?? "us-east-1";
    return new Run({ options, log, profile, homeRegion, regions, shared, deps });
  }

  get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Built on first use; never on a cache hit or offline. */
  get provider(): AwsClientProvider {
    if (this.options.offline) throw new Error("bug: an AWS client was requested in --offline mode");
    if (this.providerInstance === undefined) {
      const env = this.deps.env ?? process.env;
      const settings = this.shared.profiles.get(this.profile);
      this.providerInstance = new AwsClientProvider(
        {
          profile: this.profile,
          roleArn: this.options.roleArn,
          endpointUrl: this.options.endpointUrl,
          configuredEndpointUrl: env.AWS_ENDPOINT_URL || settings?.endpoint_url || undefined,
          maxAttempts: this.options.maxAttempts,
          ...networkTimeouts(env, { connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
          logger: this.log,
          sso: isSsoProfile(settings),
          homeRegion: this.homeRegion,
          concurrency: this.options.concurrency,
        },
        this.deps.clientFactory,
      );
    }
    return this.providerInstance;
  }

  get progress(): Progress {
    return this.progressInstance ?? silentProgress;
  }

  /**
   * The regions this run covers, sorted; `all` asks EC2 DescribeRegions in the home region
   * (cached like any other resource, and asked once per run).
   */
  regions(): Promise<string[]> {
    if (this.explicitRegions !== "all") return Promise.resolve(this.explicitRegions);
    this.regionsPromise ??= this.cachedResource(regionsSpec, this.homeRegion).then((result) =>
      enabledRegions(result.items),
    );
    return this.regionsPromise;
  }

  /**
   * Fetches one cached resource in every region of the run (see `perRegion`). With
   * `mapItem`, each region's items are what it kept of each raw item (see ItemMapper).
   */
  fetchAllRegions<T, R = T>(spec: FetchSpec<T>, mapItem?: ItemMapper<T, R>): Promise<RegionResult<R>[]> {
    return this.perRegion(`${spec.script}/${spec.resource}`, (region) => this.cachedResource(spec, region, mapItem));
  }

  /**
   * `fetchAllRegions` for results too large to hold: every region is fetched (or its cache
   * entry checked) first, so failures are known before anything is printed; a cache hit's
   * items are then read from its file only as the caller iterates them.
   */
  streamAllRegions<T, R = T>(spec: FetchSpec<T>, mapItem?: ItemMapper<T, R>): Promise<StreamedRegionResult<R>[]> {
    return this.perRegion(`${spec.script}/${spec.resource}`, (region) =>
      this.cachedResource(spec, region, mapItem, cachedStream),
    );
  }

  /**
   * Runs `work` once per region of the run, at most `--concurrency` regions at a time, and
   * returns the successful results in region order (so the merge is deterministic whatever
   * finished first).
   *
   * Some regions failing is a partial result: their failures are recorded in `failures`
   * (named on stderr after the records and listed in `--out`, exit 4) and the good regions'
   * results are kept. A credentials error there (AuthFailure, UnrecognizedClientException)
   * is what EC2 answers in an opt-in region that is not enabled, so it counts as that
   * region's failure (exit 4), not as bad credentials.
   *
   * Every region failing is an error: with credentials errors only, the credentials are the
   * problem (exit 3, with the fix); otherwise the first other failure decides (exit 4, or 5
   * offline). Unknown errors (bugs) are rethrown as they are.
   */
  async perRegion<R>(label: string, work: (region: string) => Promise<R>): Promise<R[]> {
    const regions = await this.regions();
    this.progressInstance ??= this.deps.progress ?? createProgress();
    this.progressInstance.addTasks(regions.length);
    const settled = await mapLimitSettled(regions, this.options.concurrency, work);
    const results: R[] = [];
    const errors: Array<{ region: string; error: AwstriageError }> = [];
    for (const [i, outcome] of settled.entries()) {
      if (outcome.status === "fulfilled") {
        results.push(outcome.value);
        continue;
      }
      if (!(outcome.reason instanceof AwstriageError)) {
        this.stopProgress();
        throw outcome.reason; // a bug: exit 1
      }
      errors.push({ region: regions[i] as string, error: outcome.reason });
    }
    if (errors.length > 0 && results.length === 0) {
      this.stopProgress();
      throw allRegionsFailed(label, errors);
    }
    this.failures.push(...errors.map(({ region, error }) => regionFailure(label, region, error)));
    return results;
  }

  /** One resource in one region, through the cache. */
  cachedResource<T, R = T>(spec: FetchSpec<T>, region: string, mapItem?: ItemMapper<T, R>): Promise<RegionResult<R>>;
  cachedResource<T, R = T>(
    spec: FetchSpec<T>,
    region: string,
    mapItem: ItemMapper<T, R> | undefined,
    through: typeof cachedStream,
  ): Promise<StreamedRegionResult<R>>;
  async cachedResource<T, R = T>(
    spec: FetchSpec<T>,
    region: string,
    mapItem?: ItemMapper<T, R>,
    through: typeof cachedStream = cached,
  ): Promise<StreamedRegionResult<R>> {
    const label = `${spec.script}/${spec.resource}@${region}`;
    this.progress.regionStarted(label);
    const result = await through<T, R>(
      this.cache,
      {
        script: spec.script,
        resource: spec.resource,
        identity: this.identityKey,
        profile: this.profile,
        region,
        params: spec.params ?? {},
      },
      async () => {
        // STS runs concurrently with the first data call; the envelope needs the account.
        const account = this.identity().then((id) => id.account);
        account.catch(() => undefined);
        const items = await spec.fetch(this.provider, region, (n) => this.progress.items(label, n));
        return { items, account, window: spec.window };
      },
      this.log,
      () => this.now,
      mapItem,
    ).finally(() => this.progress.regionDone(label));
    this.sources.push(result.source);
    return { region, account: result.account, items: result.items, source: result.source };
  }

  /**
   * Who the data belongs to. Online it is STS GetCallerIdentity, cached under sts/. When a
   * run served everything from cache (or is offline), a cached identity of any age is used,
   * so a cache hit never needs AWS.
   */
  identity(): Promise<Identity> {
    this.identityPromise ??= this.resolveIdentity();
    return this.identityPromise;
  }

  private async resolveIdentity(): Promise<Identity> {
    const key = {
      script: "sts",
      resource: "caller-identity",
      identity: this.identityKey,
      profile: this.profile,
      region: GLOBAL_REGION,
      params: {},
    };
    const everythingCached = this.sources.length > 0 && this.sources.every((s) => s.fromCache);
    if (this.options.offline || (everythingCached && !this.options.force)) {
      const outcome = await readEnvelope(cacheFilePath(this.cache.root, key), this.now);
      if (outcome.kind === "hit") return toIdentity(outcome.envelope.items[0] as CallerIdentity | undefined);
      // Offline without a cached identity: the data envelopes still name the account.
      if (this.options.offline) return { account: null, arn: null, userId: null };
    }
    const result = await cached<CallerIdentity>(
      this.cache,
      key,
      async () => {
        const { getCallerIdentity } = await import("./aws/sts.js");
        const id = await getCallerIdentity(this.provider, this.homeRegion);
        return { items: [id], account: id.Account ?? null };
      },
      this.log,
      () => this.now,
    );
    return toIdentity(result.items[0]);
  }

  /** The exit code the run ends with: the first region failure's, else 0. */
  exitCode(): number {
    return this.failures[0]?.exitCode ?? ExitCode.ok;
  }

  stopProgress(): void {
    this.progressInstance?.stop();
  }
}

/** EC2 DescribeRegions, cached under ec2/<identity>/<home region>/regions.json. */
const regionsSpec: FetchSpec<unknown> = {
  script: "ec2",
  resource: "regions",
  fetch: async (provider, region) => (await import("./aws/ec2.js")).describeRegions(provider, region),
};

/**
 * Region names from DescribeRegions items, sorted. AWS answers AllRegions=false with enabled
 * regions only; an item that still says `not-opted-in` (emulators list every region) is dropped.
 */
export function enabledRegions(items: readonly unknown[]): string[] {
  return items
    .map((item) => item as { RegionName?: unknown; OptInStatus?: unknown })
    .filter((r) => r.OptInStatus !== "not-opted-in")
    .map((r) => r.RegionName)
    .filter((name): name is string => typeof name === "string")
    .sort();
}

/** A failed region within a partial result (see `perRegion`). */
function regionFailure(label: string, region: string, error: AwstriageError): RegionFailure {
  const exitCode = partialFailureExitCode(error);
  if (exitCode === error.exitCode) return { region, resource: label, reason: error.message, exitCode };
  return {
    region,
    resource: label,
    reason: `${error.message}; other regions accepted the same credentials, so ${region} is probably an opt-in region not enabled for this account`,
    exitCode,
  };
}

/** The error a run ends with when every region failed (see `perRegion`). */
function allRegionsFailed(
  label: string,
  errors: ReadonlyArray<{ region: string; error: AwstriageError }>,
): AwstriageError {
  const [first] = errors as [{ region: string; error: AwstriageError }];
  if (errors.length === 1) return first.error;
  const deciding = errors.find(({ error }) => error.exitCode !== ExitCode.config) ?? first;
  // Other reasons, each once (a failed AssumeRole, say, fails every region the same way).
  const others = [
    ...new Set(
      errors
        .filter((e) => e.error.message !== deciding.error.message)
        .map(({ region, error }) => `${region}: ${error.message}`),
    ),
  ];
  const regions = errors.map(({ region }) => region).join(", ");
  const message = `${label} failed in every region (${regions}); ${deciding.error.message}${others.length > 0 && deciding.error.exitCode !== ExitCode.config ? ` (and: ${others.join("; ")})` : ""}`;
  return new AwstriageError(message, deciding.error.exitCode, deciding.error.suggestion, { cause: deciding.error });
}

function toIdentity(id: CallerIdentity | undefined): Identity {
  return { account: id?.Account ?? null, arn: id?.Arn ?? null, userId: id?.UserId ?? null };
}

async function listDirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

/** `--offline` with no profile: use the only identity in the cache, if there is exactly one. */
async function onlyCachedIdentity(root: string): Promise<string | undefined> {
  const identities = new Set<string>();
  for (const script of await listDirs(root)) for (const id of await listDirs(join(root, script))) identities.add(id);
  if (identities.size === 1) return [...identities][0];
  if (identities.size > 1) {
    throw fail("OfflineSeveralProfiles", { profiles: [...identities].sort() });
  }
  throw fail("OfflineEmptyCache", { root });
}

/** `--offline` with no region anywhere: use the only region cached for this identity. */
async function onlyCachedRegion(root: string, identity: string): Promise<string> {
  const regions = new Set<string>();
  for (const script of await listDirs(root)) {
    for (const region of await listDirs(join(root, script, safeSegment(identity))))
      if (region !== GLOBAL_REGION) regions.add(region);
  }
  if (regions.size === 1) return [...regions][0] as string;
  throw fail("OfflineNoRegion", { identity, regions: [...regions].sort() });
}
