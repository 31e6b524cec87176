/**
 * AwsClientProvider: one per run. It owns the profile, role, endpoint and retry settings,
 * spreads one base config into every SDK client it builds, and builds a client only when
 * a call is really made. The SDK modules are loaded with dynamic `import()` so a cache
 * hit, `--offline`, `--help` and `cache` never pay for them.
 *
 * Its parts: sdk-clients.ts builds the clients, credentials.ts provides their credentials,
 * ca-bundle.ts reads AWS_CA_BUNDLE. Tests replace the seam `ClientFactory` (or use
 * aws-sdk-client-mock on the client classes).
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { Logger } from "../output/log.js";
import { toDomainError } from "./error-classification.js";
import { redactUrl, type ProfileSettings } from "./config-files.js";
import { caBundleReader } from "./ca-bundle.js";
import { chainClientConfig, profileCredentials, renewingCredentials, roleSessionName } from "./credentials.js";
import { ENV_SDK_PROFILE } from "./environment-credentials.js";
import { awsEndpoint } from "./sdk-settings.js";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./limits.js";
import { traceHttp } from "./request-trace.js";
import { requireRequestId } from "./answer-check.js";
import { attemptDeadline } from "./attempt-deadline.js";
import {
  sdkClientFactory,
  type BaseClientConfig,
  type ClientFactory,
  type DefaultsMode,
  type ServiceClients,
  type ServiceName,
} from "./sdk-clients.js";
import { createKeyedLimiter, createLimiter, type Limiter } from "../run/concurrency.js";

// The types of this class's API live with the client factory (sdk-clients.ts).
export type { ClientFactory, ServiceClients, ServiceName } from "./sdk-clients.js";

export interface ProviderSettings {
  profile: string;
  /** Keys exported in the environment, used instead of any profile (`profile` is then ENV_IDENTITY). */
  environmentCredentials?: AwsCredentialIdentity | undefined;
  roleArn?: string | undefined;
  /** --endpoint-url: every client's endpoint. */
  endpointUrl?: string | undefined;
  /** Without --endpoint-url: each service's endpoint as the environment and profile configure it (sdk-settings.ts). */
  configuredEndpoints?: Readonly<Partial<Record<ServiceName, string>>> | undefined;
  /** The profile's defaults_mode (sdk-settings.ts); default `legacy`, the SDK's own default. */
  defaultsMode?: DefaultsMode | undefined;
  maxAttempts: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** The profile uses IAM Identity Center: expired credentials are fixed by `aws sso login`. */
  sso: boolean;
  /** Region for STS AssumeRole (the default-chain region). */
  homeRegion: string;
  /** Calls in flight across the whole run (`--concurrency`); default DEFAULT_CONCURRENCY. */
  concurrency?: number | undefined;
  /** In a sweep: the one `--concurrency` limiter every account's provider shares. */
  callLimit?: Limiter | undefined;
  /** AWS_CA_BUNDLE, else the profile's ca_bundle: the certificates HTTPS endpoints are checked against. */
  caBundle?: string | undefined;
  /** Every profile awstriage read: credentials are planned from them (credential-process.ts). */
  profiles?: ReadonlyMap<string, ProfileSettings> | undefined;
  /** Resolving credentials may take this long (AWSTRIAGE_CREDENTIALS_TIMEOUT_MS). */
  credentialsTimeoutMs?: number | undefined;
  /** At `--log-level trace`, every HTTP attempt is logged (credentials redacted). */
  logger?: Logger | undefined;
}

// In a module of their own so that `--help`, which quotes them, need not load this one.
export { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./limits.js";

export class AwsClientProvider {
  readonly settings: ProviderSettings;
  private readonly factory: ClientFactory;
  private readonly clients = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private readonly callLimit: Limiter;
  private readonly endpointLimit: (key: string) => Limiter;
  private baseCredentials: AwsCredentialIdentityProvider | undefined;
  private roleCredentials: AwsCredentialIdentityProvider | undefined;
  private readonly caBundle: (() => Buffer) | undefined;

  constructor(settings: ProviderSettings, factory: ClientFactory = sdkClientFactory, now: () => number = Date.now) {
    this.settings = settings;
    this.factory = factory;
    this.now = now;
    this.callLimit = settings.callLimit ?? createLimiter(settings.concurrency ?? DEFAULT_CONCURRENCY);
    this.endpointLimit = createKeyedLimiter(MAX_CALLS_PER_ENDPOINT);
    this.caBundle = settings.caBundle === undefined ? undefined : caBundleReader(settings.caBundle);
  }

  /** The client for a service in a region, built once per run and shared. */
  client<S extends ServiceName>(service: S, region: string): Promise<ServiceClients[S]> {
    const key = `${service}@${region}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.factory(service, this.baseConfig(service, region, this.credentials())).then((built) =>
        this.traced(built, key),
      );
      this.clients.set(key, client);
    }
    return client as Promise<ServiceClients[S]>;
  }

  /** The endpoint a call goes to, for messages. */
  endpointFor(service: ServiceName, region: string): string {
    return redactUrl(this.endpointOf(service) ?? awsEndpoint(service, region));
  }

  /**
   * Runs one SDK call (or one paginated loop) and maps its failure to the project's error
   * types; `operation` is the API name users know (DescribeInstances), for messages.
   *
   * It waits for a slot of its endpoint (MAX_CALLS_PER_ENDPOINT) and then for one of the
   * run (`--concurrency`), in that order, so a call queued behind a busy endpoint never holds
   * a run-wide slot that another region could use. `fn` must not call `call` itself: the
   * inner call could wait forever for a slot the outer one holds.
   */
  async call<S extends ServiceName, R>(
    service: S,
    region: string,
    operation: string,
    fn: (client: ServiceClients[S]) => Promise<R>,
  ): Promise<R> {
    return this.endpointLimit(`${service}@${region}`).run(() =>
      this.callLimit.run(async () => {
        try {
          return await fn(await this.client(service, region));
        } catch (error) {
          throw toDomainError(error, {
            service,
            operation,
            region,
            profile: this.settings.profile,
            environment: this.settings.environmentCredentials !== undefined,
            endpoint: this.endpointFor(service, region),
            sso: this.settings.sso,
          });
        }
      }),
    );
  }

  private endpointOf(service: ServiceName): string | undefined {
    return this.settings.endpointUrl ?? this.settings.configuredEndpoints?.[service];
  }

  /**
   * Everything the SDK would otherwise look up under $AWS_PROFILE is given: the endpoint (or,
   * when there is none, the instruction to look up none) and the defaults mode.
   */
  private baseConfig(
    service: ServiceName,
    region: string,
    credentials: AwsCredentialIdentityProvider,
  ): BaseClientConfig {
    const { maxAttempts, connectTimeoutMs, requestTimeoutMs } = this.settings;
    // Exported keys: a profile name the SDK cannot find, so no profile lends it any setting.
    const profile = this.settings.environmentCredentials === undefined ? this.settings.profile : ENV_SDK_PROFILE;
    const endpoint = this.endpointOf(service);
    return {
      region,
      profile,
      maxAttempts,
      retryMode: "adaptive",
      defaultsMode: this.settings.defaultsMode ?? "legacy",
      ...(endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint }),
      credentials,
      // Without throwOnRequestTimeout this SDK only prints a warning when requestTimeout
      // passes and keeps waiting: a server that accepts and never answers would hang the run.
      requestHandler: {
        connectionTimeout: connectTimeoutMs,
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
        ...(this.caBundle === undefined ? {} : { httpsAgent: { ca: this.caBundle() } }),
      },
    };
  }

  /**
   * Every client bounds each attempt as a whole (attempt-deadline.ts), checks that each answer
   * is AWS's (answer-check.ts) and, at trace level, logs it.
   */
  private traced<C>(client: C, label: string): C {
    requireRequestId(client);
    // After requireRequestId: its body check runs outside the response note, so a dripping
    // body being checked is still destroyed at the deadline.
    attemptDeadline(client, this.settings.requestTimeoutMs);
    if (this.settings.logger !== undefined) traceHttp(client, this.settings.logger, label);
    return client;
  }

  /**
   * One credential provider for every client: the SDK's own chain for the profile (static
   * keys, SSO, credential_process, role_arn/source_profile...), resolved once and shared, or
   * the temporary credentials of --role-arn, assumed once and reused for the whole run.
   */
  private credentials(): AwsCredentialIdentityProvider {
    const roleArn = this.settings.roleArn;
    if (roleArn === undefined) return this.profileCredentials();
    // One AssumeRole for every client of the run; again only if the run outlives them.
    this.roleCredentials ??= renewingCredentials(() => this.assumeRole(roleArn), this.now);
    return this.roleCredentials;
  }

  private profileCredentials(): AwsCredentialIdentityProvider {
    const { profile, profiles, credentialsTimeoutMs, environmentCredentials, logger } = this.settings;
    if (environmentCredentials !== undefined) return async () => environmentCredentials;
    this.baseCredentials ??= profileCredentials(
      profile,
      profiles ?? new Map(),
      credentialsTimeoutMs,
      chainClientConfig(this.settings),
      logger,
    );
    return this.baseCredentials;
  }

  private async assumeRole(roleArn: string): Promise<AwsCredentialIdentity> {
    const region = this.settings.homeRegion;
    const sts = this.traced(
      await this.factory("sts", this.baseConfig("sts", region, this.profileCredentials())),
      `sts@${region} (AssumeRole)`,
    );
    const { AssumeRoleCommand } = await import("@aws-sdk/client-sts");
    const response = await (async () => {
      try {
        return await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: roleSessionName() }));
      } catch (error) {
        throw toDomainError(error, {
          service: "sts",
          operation: "AssumeRole",
          region,
          profile: this.settings.profile,
          environment: this.settings.environmentCredentials !== undefined,
          endpoint: this.endpointFor("sts", region),
          sso: this.settings.sso,
        });
      }
    })();
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  }
}
