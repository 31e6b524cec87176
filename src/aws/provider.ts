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
import type { AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { toDomainError } from "./error-classification.js";
import { redactUrl } from "./config-files.js";
import { caBundleReader } from "./ca-bundle.js";
import {
  assumedCredentials,
  chainClientConfig,
  profileCredentials,
  renewingCredentials,
  roleSessionName,
} from "./credentials.js";
import { ENV_SDK_PROFILE } from "./environment-credentials.js";
import { awsEndpoint } from "./sdk-settings.js";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./limits.js";
import { traceHttp } from "./request-trace.js";
import { requireRequestId } from "./answer-check.js";
import { attemptDeadline } from "./attempt-deadline.js";
import { assumedRoleIdentity, type CallerIdentity } from "./caller-identity.js";
import {
  sdkClientFactory,
  type BaseClientConfig,
  type ClientFactory,
  type ServiceClients,
  type ServiceName,
} from "./sdk-clients.js";
import { createKeyedLimiter, createLimiter, type Limiter } from "../run/concurrency.js";

// The types of this class's API live with the client factory (sdk-clients.ts).
export type { ClientFactory, ServiceClients, ServiceName } from "./sdk-clients.js";

import type { ProviderSettings } from "./provider-settings.js";
export type { ProviderSettings } from "./provider-settings.js";

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
  /** Who AssumeRole says the assumed role is (its AssumedRoleUser): the identity, with no GetCallerIdentity. */
  private assumedIdentity: CallerIdentity | undefined;
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
          throw this.domainError(error, service, operation, region);
        }
      }),
    );
  }

  /** An SDK failure as the project's error, naming the call, profile and endpoint (error-classification.ts). */
  private domainError(error: unknown, service: ServiceName, operation: string, region: string): unknown {
    const { profile, environmentCredentials, sso } = this.settings;
    const environment = environmentCredentials !== undefined;
    return toDomainError(error, {
      service,
      operation,
      region,
      profile,
      environment,
      sso,
      endpoint: this.endpointFor(service, region),
    });
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

  /**
   * With a role (--role-arn, a sweep's role targets): the assumed role's identity, from the
   * AssumeRole answer the run needs anyway for its credentials, so a role's identity costs no
   * call of its own (a 500-account sweep makes 500 fewer). Undefined without a role.
   */
  async roleIdentity(): Promise<CallerIdentity | undefined> {
    if (this.settings.roleArn === undefined) return undefined;
    await this.credentials()();
    return this.assumedIdentity;
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
    let response: AssumeRoleCommandOutput;
    try {
      response = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: roleSessionName() }));
    } catch (error) {
      throw this.domainError(error, "sts", "AssumeRole", region);
    }
    this.assumedIdentity = assumedRoleIdentity(response.AssumedRoleUser);
    return assumedCredentials(response.Credentials, roleArn);
  }
}
