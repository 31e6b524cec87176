/**
 * AwsClientProvider: one per run. It owns the profile, role, endpoint and retry settings,
 * spreads one base config into every SDK client it builds, and builds a client only when
 * a call is really made. The SDK modules are loaded with dynamic `import()` so a cache
 * hit, `--offline`, `--help` and `cache` never pay for them.
 *
 * Tests replace the seam `ClientFactory` (or use aws-sdk-client-mock on the client classes).
 */
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { STSClient } from "@aws-sdk/client-sts";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { Logger } from "../log.js";
import { toDomainError } from "./error-classification.js";
import { redactUrl, type ProfileSettings } from "./config-files.js";
import { credentialPlan, runCredentialProcess, sdkReadsProfileName } from "./credential-process.js";
import { CREDENTIALS_TIMEOUT_MS } from "./timeouts.js";
import { fail } from "../errors.js";
import { DEFAULT_CONCURRENCY, MAX_CALLS_PER_ENDPOINT } from "./limits.js";
import { traceHttp } from "./request-trace.js";
import { requireRequestId } from "./answer-check.js";
import { attemptDeadline } from "./attempt-deadline.js";
import { createKeyedLimiter, createLimiter, type Limiter } from "../concurrency.js";

export interface ServiceClients {
  sts: STSClient;
  ec2: EC2Client;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
}
export type ServiceName = keyof ServiceClients;

/** Endpoint host prefixes, used only to name the endpoint in error messages. */
const ENDPOINT_PREFIX: Record<ServiceName, string> = {
  sts: "sts",
  ec2: "ec2",
  lambda: "lambda",
  cloudwatch: "monitoring",
  logs: "logs",
};

export interface ProviderSettings {
  profile: string;
  roleArn?: string | undefined;
  /** --endpoint-url; without it the SDK still honours AWS_ENDPOINT_URL* and the profile's endpoint_url. */
  endpointUrl?: string | undefined;
  /** The profile's (or environment's) endpoint_url, only to name it in messages. */
  configuredEndpointUrl?: string | undefined;
  maxAttempts: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** The profile uses IAM Identity Center: expired credentials are fixed by `aws sso login`. */
  sso: boolean;
  /** Region for STS AssumeRole (the default-chain region). */
  homeRegion: string;
  /** Calls in flight across the whole run (`--concurrency`); default DEFAULT_CONCURRENCY. */
  concurrency?: number | undefined;
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

/**
 * Assumed-role credentials this close to expiry are replaced by a fresh AssumeRole. It matches
 * the window in which SDK clients ask their credential provider again, so a client that asks
 * gets new credentials instead of the same expiring ones on every request.
 */
export const ROLE_REFRESH_MARGIN_MS = 5 * 60_000;

/** The SDK's client config, as far as awstriage sets it. */
export interface BaseClientConfig {
  region: string;
  profile: string;
  maxAttempts: number;
  retryMode: "adaptive";
  endpoint?: string;
  credentials: AwsCredentialIdentityProvider;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    throwOnRequestTimeout: true;
    httpsAgent?: { ca: Buffer };
  };
}

/** The seam tests replace: builds the SDK client for a service from the base config. */
export type ClientFactory = <S extends ServiceName>(service: S, config: BaseClientConfig) => Promise<ServiceClients[S]>;

/**
 * Makes the SDK's own profile lookups use the run's profile (`--profile`, else $AWS_PROFILE).
 *
 * The `profile` client option and `defaultProvider({ profile })` do not reach every place the
 * SDK reads the shared config file. The configured-endpoint lookup (@smithy/core/endpoints
 * `getEndpointFromConfig(serviceId)`, run by the endpoint middleware on a client's first
 * request) calls `loadConfig(getEndpointUrlConfig(serviceId))()` with no profile, so
 * `getProfileName({})` falls back to `process.env.AWS_PROFILE || "default"`: with
 * `AWS_PROFILE=a` exported, `--profile b` sent every call to a's endpoint_url (and obeyed a's
 * ignore_configured_endpoint_urls and services section). `resolveDefaultsModeConfig` reads
 * defaults_mode the same way, and the STS client the credential chain builds for a profile's
 * role_arn resolves its endpoint like any other client. Setting AWS_PROFILE for the process
 * makes `--profile b` mean to the SDK exactly what `AWS_PROFILE=b` means; awstriage runs one
 * profile per process, so nothing else depends on the old value.
 */
export function pinSdkProfile(profile: string, env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_PROFILE = profile;
}

/**
 * With --region given, a bad AWS_REGION / AWS_DEFAULT_REGION must not matter (the flag wins), but
 * the SDK's credential chain builds its own STS/SSO clients from the environment's region. Those
 * then get the run's home region instead.
 */
export function pinSdkRegion(region: string, env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_REGION = region;
  env.AWS_DEFAULT_REGION = region;
}

export const sdkClientFactory: ClientFactory = async (service, config) => {
  pinSdkProfile(config.profile);
  // One `import()` per service, so only the services a run really calls are loaded.
  switch (service) {
    case "sts":
      return new (await import("@aws-sdk/client-sts")).STSClient(config) as never;
    case "ec2":
      return new (await import("@aws-sdk/client-ec2")).EC2Client(config) as never;
    case "lambda":
      return new (await import("@aws-sdk/client-lambda")).LambdaClient(config) as never;
    case "cloudwatch":
      return new (await import("@aws-sdk/client-cloudwatch")).CloudWatchClient(config) as never;
    case "logs":
      return new (await import("@aws-sdk/client-cloudwatch-logs")).CloudWatchLogsClient(config) as never;
    default:
      throw new Error(`unknown service ${String(service)}`);
  }
};

/** A role session name that says who ran awstriage (visible in CloudTrail). */
export function roleSessionName(user = safeUser()): string {
  return `awstriage-${user}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

function safeUser(): string {
  try {
    return userInfo().username || "user";
  } catch {
    return "user";
  }
}

export class AwsClientProvider {
  readonly settings: ProviderSettings;
  private readonly factory: ClientFactory;
  private readonly clients = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private readonly callLimit: Limiter;
  private readonly endpointLimit: (key: string) => Limiter;
  private baseCredentials: AwsCredentialIdentityProvider | undefined;
  private caBundleBytes: Buffer | undefined;
  private assumedCredentials: Promise<AwsCredentialIdentity> | undefined;
  /** When the assumed credentials need replacing; infinite while an AssumeRole is pending. */
  private assumedRefreshAt = Number.POSITIVE_INFINITY;

  constructor(settings: ProviderSettings, factory: ClientFactory = sdkClientFactory, now: () => number = Date.now) {
    this.settings = settings;
    this.factory = factory;
    this.now = now;
    this.callLimit = createLimiter(settings.concurrency ?? DEFAULT_CONCURRENCY);
    this.endpointLimit = createKeyedLimiter(MAX_CALLS_PER_ENDPOINT);
  }

  /** The client for a service in a region, built once per run and shared. */
  client<S extends ServiceName>(service: S, region: string): Promise<ServiceClients[S]> {
    const key = `${service}@${region}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = this.factory(service, this.baseConfig(region, this.credentials())).then((built) =>
        this.traced(built, key),
      );
      this.clients.set(key, client);
    }
    return client as Promise<ServiceClients[S]>;
  }

  /** The endpoint a call goes to, for messages. */
  endpointFor(service: ServiceName, region: string): string {
    return redactUrl(
      this.settings.endpointUrl ??
        this.settings.configuredEndpointUrl ??
        `https://${ENDPOINT_PREFIX[service]}.${region}.amazonaws.com`,
    );
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
            endpoint: this.endpointFor(service, region),
            sso: this.settings.sso,
          });
        }
      }),
    );
  }

  private baseConfig(region: string, credentials: AwsCredentialIdentityProvider): BaseClientConfig {
    const { profile, maxAttempts, connectTimeoutMs, requestTimeoutMs } = this.settings;
    // The SDK cannot see a profile it cannot parse: hand it the endpoint awstriage read.
    const endpointUrl =
      this.settings.endpointUrl ?? (sdkReadsProfileName(profile) ? undefined : this.settings.configuredEndpointUrl);
    return {
      region,
      profile,
      maxAttempts,
      retryMode: "adaptive",
      ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }),
      credentials,
      // Without throwOnRequestTimeout this SDK only prints a warning when requestTimeout
      // passes and keeps waiting: a server that accepts and never answers would hang the run.
      requestHandler: {
        connectionTimeout: connectTimeoutMs,
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
        ...(this.settings.caBundle === undefined ? {} : { httpsAgent: { ca: this.caBundle() } }),
      },
    };
  }

  /** The CA bundle's certificates, read once (the AWS CLI honours it; the JS SDK alone does not). */
  private caBundle(): Buffer {
    const path = this.settings.caBundle as string;
    if (this.caBundleBytes === undefined) {
      try {
        this.caBundleBytes = readFileSync(path);
      } catch (error) {
        throw fail("BadCaBundle", { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
    }
    return this.caBundleBytes;
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
    return () => {
      // One AssumeRole for every client of the run; again only if the run outlives them.
      if (this.assumedCredentials === undefined || this.now() >= this.assumedRefreshAt) {
        this.assumedRefreshAt = Number.POSITIVE_INFINITY;
        this.assumedCredentials = this.assumeRole(roleArn).then((credentials) => {
          const expiresAt = credentials.expiration?.getTime();
          if (expiresAt !== undefined) this.assumedRefreshAt = expiresAt - ROLE_REFRESH_MARGIN_MS;
          return credentials;
        });
      }
      return this.assumedCredentials;
    };
  }

  private profileCredentials(): AwsCredentialIdentityProvider {
    if (this.baseCredentials === undefined) {
      let chain: Promise<AwsCredentialIdentityProvider> | undefined;
      const profile = this.settings.profile;
      let processed: Promise<AwsCredentialIdentity> | undefined;
      const timeoutMs = this.settings.credentialsTimeoutMs ?? CREDENTIALS_TIMEOUT_MS;
      this.baseCredentials = async () => {
        const plan = credentialPlan(profile, this.settings.profiles ?? new Map());
        if (plan.kind === "static") return plan.credentials;
        if (plan.kind === "process") {
          processed ??= runCredentialProcess(plan.command, profile, timeoutMs);
          return processed;
        }
        // The chain's own STS/SSO clients look up their endpoint under $AWS_PROFILE too.
        pinSdkProfile(profile);
        chain ??= import("@aws-sdk/credential-provider-node").then(({ defaultProvider }) =>
          defaultProvider({ profile }),
        );
        return withDeadline((await chain)(), timeoutMs, () =>
          fail("CredentialsTimedOut", { profile, seconds: Math.round(timeoutMs / 100) / 10 }),
        );
      };
    }
    return this.baseCredentials;
  }

  private async assumeRole(roleArn: string): Promise<AwsCredentialIdentity> {
    const region = this.settings.homeRegion;
    const sts = this.traced(
      await this.factory("sts", this.baseConfig(region, this.profileCredentials())),
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

/** `work`, or `timedOut()` thrown once `ms` have passed. */
function withDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
