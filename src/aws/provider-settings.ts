/** What an AwsClientProvider is given: the account's profile or keys, role, endpoints, bounds and timeouts. */
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import type { Logger } from "../output/log.js";
import type { ProfileSettings } from "./config-files.js";
import type { DefaultsMode, ServiceName } from "./sdk-clients.js";
import type { Limiter } from "../run/concurrency.js";

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
