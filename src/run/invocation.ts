/**
 * Invocation: one command run over an AccountSession — its regions, `--concurrency`, cache
 * policy (TTL, force, offline) — composed of small parts with one job each:
 * - run/account-session.ts: the account, its identity and credentials, its clients;
 * - run/context.ts: which profile and regions (guessed from the cache when offline);
 * - run/identity.ts: which account the data belongs to;
 * - run/fan-out.ts: work over every region, with the one partial-failure policy;
 * - here: `perRegion`, the cache-through fetch of one resource, and what the invocation
 *   records for the context line and `--out` (its sources and its failures: `outcome()`).
 * Sources (src/sources/) compose it with fetch specs and normalizers; a command's `collect`
 * turns it into a result.
 */
import type { AwsClientProvider } from "../aws/provider.js";
import { cached, cachedStream, type CacheSettings, type ItemMapper, type Source } from "../cache/store.js";
import { ExitCode } from "../errors/errors.js";
import type { Logger } from "../output/log.js";
import { createProgress, type Progress } from "../output/progress.js";
import type { AccountSession } from "./account-session.js";
import type { InvocationDeps, InvocationOutcome, InvocationSpec } from "./invocation-spec.js";
import { enabledRegionName, GLOBAL_REGION, regionsSpec } from "./context.js";
import { allRegionsFailed, fanOut, regionFailure, type RegionFailure } from "./fan-out.js";
import type { FetchSpec, RegionResult, StreamedRegionResult } from "./fetch-spec.js";
import { accountOfData, IdentityResolver, type Identity } from "./identity.js";

export type { InvocationDeps, InvocationOutcome, InvocationSpec } from "./invocation-spec.js";

export class Invocation {
  readonly cache: CacheSettings;
  private readonly recorded: Array<{ source: Source; account: string | null }> = [];
  private readonly failed: RegionFailure[] = [];
  /** Who the data belongs to (run/identity.ts); `whoami` asks it for its record. */
  readonly identities: IdentityResolver;
  private regionsPromise: Promise<string[]> | undefined;
  private progressInstance: Progress | undefined;

  constructor(
    readonly session: AccountSession,
    private readonly spec: InvocationSpec,
    private readonly deps: InvocationDeps = {},
  ) {
    this.cache = { root: session.cacheRoot, ttlMs: spec.ttlMs, force: spec.force, offline: spec.offline };
    this.identities = new IdentityResolver({
      cache: this.cache,
      key: { script: "sts", resource: "caller-identity", ...session.keyFor(GLOBAL_REGION), params: {} },
      log: session.log,
      now: () => this.now,
      ask: () => this.askIdentity(),
    });
  }

  get profile(): string {
    return this.session.profile;
  }

  get log(): Logger {
    return this.deps.log ?? this.session.log;
  }

  get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The session's clients; never built on a cache hit or offline. */
  get provider(): AwsClientProvider {
    return this.session.provider;
  }

  /** Drawn from the first call (identity and region list included), on a terminal only. */
  get progress(): Progress {
    this.progressInstance ??= this.deps.progress ?? createProgress();
    return this.progressInstance;
  }

  stopProgress(): void {
    this.progressInstance?.stop();
  }

  /** STS GetCallerIdentity, shown on the progress line like any other call. */
  private async askIdentity() {
    const label = `sts/caller-identity@${GLOBAL_REGION}`;
    this.progress.addTasks(1);
    this.progress.regionStarted(label);
    try {
      return await this.session.askIdentity();
    } finally {
      this.progress.regionDone(label);
    }
  }

  /**
   * The regions this run covers, sorted; `all` asks EC2 DescribeRegions in the home region
   * (cached like any other resource, and asked once per run).
   */
  regions(): Promise<string[]> {
    if (this.session.regions !== "all") return Promise.resolve(this.session.regions);
    if (this.regionsPromise === undefined) {
      this.progress.addTasks(1);
      this.regionsPromise = this.cachedResource(regionsSpec, this.session.homeRegion, enabledRegionName).then(
        (result) => [...result.items].sort(),
      );
    }
    return this.regionsPromise;
  }

  /**
   * One cached resource in every region of the run (see `perRegion`). With `mapItem`, each
   * region's items are what it kept of each raw item (see ItemMapper).
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
   * Runs `work` once per region, at most `--concurrency` at a time, under the fan-out policy
   * (run/fan-out.ts): the successes in region order, failed regions recorded (exit 4, or 5
   * offline), an error when every region failed.
   */
  async perRegion<R>(label: string, work: (region: string) => Promise<R>): Promise<R[]> {
    const regions = await this.regions();
    this.progress.addTasks(regions.length);
    try {
      const { results, failed } = await fanOut(regions, this.spec.concurrency, work, (all) =>
        allRegionsFailed(label, all),
      );
      for (const failure of failed) this.recordFailure(regionFailure(label, failure));
      return results;
    } catch (error) {
      this.stopProgress();
      throw error;
    }
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
    const fetchOnce = (settings: CacheSettings) =>
      through<T, R>(
        settings,
        { script: spec.script, resource: spec.resource, ...this.session.keyFor(region), params: spec.params ?? {} },
        async () => {
          // Fresh data gets a fresh identity; STS runs concurrently with the first data call.
          const account = this.identities.fresh().then((id) => id.account);
          account.catch(() => undefined);
          try {
            const items = await spec.fetch(this.provider, region, (n) => this.progress.items(label, n));
            return { items, account, window: spec.window };
          } catch (error) {
            // Let the identity finish (and its cache write) first: nothing of a run outlives it.
            await account.catch(() => undefined);
            throw error;
          }
        },
        this.log,
        () => this.now,
        mapItem,
      );
    let result: Awaited<ReturnType<typeof fetchOnce>>;
    try {
      result = await fetchOnce(this.cache);
      if (
        result.source.fromCache &&
        (await this.identities.isForeign(result.account, result.source.path, this.profile))
      )
        result = await fetchOnce({ ...this.cache, force: true });
    } finally {
      this.progress.regionDone(label);
    }
    this.recorded.push({ source: result.source, account: result.account });
    return { region, account: result.account, items: result.items, source: result.source };
  }

  /** Who the data belongs to, for the context line and `--out` (see run/identity.ts). */
  identity(): Promise<Identity> {
    return this.identities.forRun(this.sources);
  }

  /** Records a part of the run that failed while the rest got through (see run/fan-out.ts). */
  recordFailure(failure: RegionFailure): void {
    this.failed.push(failure);
  }

  /** Where every result of the run came from, in the order they arrived. */
  get sources(): readonly Source[] {
    return this.recorded.map((r) => r.source);
  }

  get failures(): readonly RegionFailure[] {
    return this.failed;
  }

  /** The account the data envelopes name (the first, by cache path), for when STS gives none. */
  dataAccount(): string | null {
    return accountOfData(this.recorded);
  }

  /** Who the data belongs to, where it came from and what failed, once the command has its records. */
  async outcome(): Promise<InvocationOutcome> {
    // When STS gives no account (offline without a cached identity, or STS denied), the data envelopes name it.
    let identity: Identity = { account: this.dataAccount(), arn: null, userId: null };
    try {
      const id = await this.identity();
      identity = { ...id, account: id.account ?? identity.account };
    } catch (error) {
      this.log.warn(`could not confirm the caller identity: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.stopProgress();
    const regions = await this.regions();
    return { identity, regions, sources: this.sources, failures: this.failures, exitCode: this.exitCode() };
  }

  /** The exit code the run ends with: the first failure's, else 0 (a part left out by choice has 0). */
  exitCode(): number {
    return this.failed.find((f) => f.exitCode !== ExitCode.ok)?.exitCode ?? ExitCode.ok;
  }
}
