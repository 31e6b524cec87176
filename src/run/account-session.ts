/**
 * AccountSession: one account and identity — its profile, role, home region, the cache folder
 * its data lives under (keyed by identity), and the AwsClientProvider with its credentials
 * (resolved once, an assumed role renewed as it nears expiry). Every client it makes is handed
 * its profile, region, endpoint and defaults mode explicitly (aws/sdk-settings.ts): nothing
 * here reads a setting of another profile from `$AWS_PROFILE`, and nothing writes `process.env`,
 * so several sessions (a sweep, a long-running watch) share one process safely.
 */
import { AwsClientProvider, type ClientFactory } from "../aws/provider.js";
import { isSsoProfile, loadSharedConfig, type SharedConfig } from "../aws/config-files.js";
import { environmentCredentials } from "../aws/environment-credentials.js";
import { profileSdkSettings } from "../aws/sdk-settings.js";
import { networkTimeouts } from "../aws/timeouts.js";
import type { CallerIdentity } from "../aws/sts.js";
import { cacheIdentity } from "../cache/paths.js";
import { createLogger, humanStream, type Logger } from "../output/log.js";
import { writeAboveProgress } from "../output/progress.js";
import type { LogLevel } from "../options/options.js";
import type { Limiter } from "./concurrency.js";
import { resolveContext, type RunContext } from "./context.js";

/** Connection and request timeouts: a hanging endpoint must not hang an incident. */
export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** Which account and how to reach it: the flags, or one target of a sweep. */
export interface SessionSpec {
  /** `--profile`, `$AWS_PROFILE`, or a sweep target's; undefined offline guesses it from the cache. */
  profile: string | undefined;
  roleArn: string | undefined;
  endpointUrl: string | undefined;
  /** Explicit regions, `all` (DescribeRegions), or undefined for the profile's default chain. */
  regions: string[] | "all" | undefined;
  cacheRoot: string;
  /** No AWS at all: the profile need not exist, and no client may be made. */
  offline: boolean;
  maxAttempts: number;
  /** Calls in flight at once (`--concurrency`), unless `callLimit` bounds them across sessions. */
  concurrency: number;
  logLevel: LogLevel;
  /** In a sweep: the one `--concurrency` limiter every account's calls share. */
  callLimit?: Limiter | undefined;
}

export interface SessionDeps {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clientFactory?: ClientFactory;
}

export class AccountSession {
  /** The profile, or ENV_IDENTITY for exported credentials. */
  readonly profile: string;
  /** `environment`: exported keys, not a profile (the context line says so). */
  readonly credentials: RunContext["credentials"];
  readonly roleArn: string | undefined;
  /** The region the default chain gives (used for STS and DescribeRegions). */
  readonly homeRegion: string;
  /** Sorted, or `all` (DescribeRegions decides). */
  readonly regions: string[] | "all";
  /** The cache folder of this identity: the profile, with the assumed role when there is one. */
  readonly identityKey: string;
  readonly cacheRoot: string;
  private providerInstance: AwsClientProvider | undefined;

  private constructor(
    private readonly spec: SessionSpec,
    readonly log: Logger,
    private readonly shared: SharedConfig,
    private readonly env: NodeJS.ProcessEnv,
    private readonly clientFactory: ClientFactory | undefined,
  ) {
    const context = resolveContext(spec, env, shared);
    this.profile = context.profile;
    this.credentials = context.credentials;
    this.homeRegion = context.homeRegion;
    this.regions = context.regions;
    this.roleArn = spec.roleArn;
    this.cacheRoot = spec.cacheRoot;
    this.identityKey = cacheIdentity(context.profile, spec.roleArn);
  }

  /** Reads the shared config files (no AWS); exit 3 for a profile or region that cannot work. */
  static create(spec: SessionSpec, deps: SessionDeps = {}): AccountSession {
    const env = deps.env ?? process.env;
    // Log lines go through the one stderr door: on a terminal they first clear the progress
    // line, and the freshness line (output/freshness.ts) goes before the first of them.
    const aboveProgress = env.AWSTRIAGE_LOG_FORMAT !== "json" ? humanStream(writeAboveProgress) : undefined;
    const log = deps.logger ?? createLogger(spec.logLevel, aboveProgress, env);
    return new AccountSession(spec, log, loadSharedConfig(env), env, deps.clientFactory);
  }

  get offline(): boolean {
    return this.spec.offline;
  }

  /** Built on first use; never on a cache hit or offline (no SDK module is loaded then). */
  get provider(): AwsClientProvider {
    if (this.spec.offline) throw new Error("bug: an AWS client was requested in --offline mode");
    this.providerInstance ??= this.buildProvider();
    return this.providerInstance;
  }

  /**
   * Who this session is now, uncached (the cache-through one is the Invocation's): an assumed
   * role's identity comes with its AssumeRole answer, else STS GetCallerIdentity is asked.
   */
  async askIdentity(): Promise<CallerIdentity> {
    const provider = this.provider;
    const assumed = await provider.roleIdentity();
    return assumed ?? (await import("../aws/sts.js")).getCallerIdentity(provider, this.homeRegion);
  }

  /** The cache key fields of this identity in one region. */
  keyFor(region: string): { identity: string; profile: string; region: string } {
    return { identity: this.identityKey, profile: this.profile, region };
  }

  private buildProvider(): AwsClientProvider {
    const { spec, env, shared, profile } = this;
    const environment = this.credentials === "environment" ? environmentCredentials(env) : undefined;
    // Exported keys borrow nothing from any profile (not even one named like ENV_IDENTITY).
    const settings = environment === undefined ? shared.profiles.get(profile) : undefined;
    const sdk = profileSdkSettings(profile, settings, shared, env);
    return new AwsClientProvider(
      {
        profile,
        environmentCredentials: environment,
        roleArn: spec.roleArn,
        endpointUrl: spec.endpointUrl,
        configuredEndpoints: sdk.endpoints,
        defaultsMode: sdk.defaultsMode,
        maxAttempts: spec.maxAttempts,
        ...networkTimeouts(env, { connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
        logger: this.log,
        sso: isSsoProfile(settings),
        homeRegion: this.homeRegion,
        concurrency: spec.concurrency,
        callLimit: spec.callLimit,
        profiles: shared.profiles,
        caBundle: env.AWS_CA_BUNDLE || settings?.ca_bundle || undefined,
      },
      this.clientFactory,
    );
  }
}
