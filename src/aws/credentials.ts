/**
 * The credential providers every client of a run shares: the profile's own (planned in
 * credential-process.ts), resolved once and bounded in time, and the temporary credentials of
 * --role-arn, assumed once and renewed only if the run outlives them.
 */
import { userInfo } from "node:os";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { fail } from "../errors/errors.js";
import type { ProfileSettings } from "./config-files.js";
import { credentialPlan, runCredentialProcess } from "./credential-process.js";
import { CREDENTIALS_TIMEOUT_MS } from "./timeouts.js";
import type { DefaultsMode } from "./sdk-clients.js";
import { sdkLogger } from "./sdk-logger.js";
import type { Logger } from "../output/log.js";

/**
 * Assumed-role credentials this close to expiry are replaced by a fresh AssumeRole. It matches
 * the window in which SDK clients ask their credential provider again, so a client that asks
 * gets new credentials instead of the same expiring ones on every request.
 */
export const ROLE_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The profile's credentials: static keys and credential_process as awstriage read them, else
 * the SDK's own chain (SSO, role_arn/source_profile...), each resolved once per provider.
 */
/** What the clients of the SDK's own chain (role_arn's STS, SSO) are given instead of reading $AWS_PROFILE's settings. */
export interface ChainClientConfig {
  region: string;
  defaultsMode: DefaultsMode;
  endpoint?: string;
  ignoreConfiguredEndpointUrls?: true;
}

/**
 * For the clients the SDK's credential chain builds itself (the STS of a role_arn profile,
 * SSO): the profile's configured STS endpoint (not --endpoint-url, which never applied to
 * them), its defaults mode, and the run's home region.
 */
export function chainClientConfig(settings: {
  configuredEndpoints?: Readonly<Partial<Record<"sts", string>>> | undefined;
  defaultsMode?: DefaultsMode | undefined;
  homeRegion: string;
}): ChainClientConfig {
  const endpoint = settings.configuredEndpoints?.sts;
  return {
    region: settings.homeRegion,
    defaultsMode: settings.defaultsMode ?? "legacy",
    ...(endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint }),
  };
}

export function profileCredentials(
  profile: string,
  profiles: ReadonlyMap<string, ProfileSettings>,
  timeoutMs: number = CREDENTIALS_TIMEOUT_MS,
  clientConfig?: ChainClientConfig,
  log?: Logger,
): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  let processed: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const plan = credentialPlan(profile, profiles);
    if (plan.kind === "static") return plan.credentials;
    if (plan.kind === "process") {
      processed ??= runCredentialProcess(plan.command, profile, timeoutMs);
      return processed;
    }
    // The chain's own STS/SSO clients get the profile's settings handed over (clientConfig);
    // its warnings go through our logger, one line (not console.warn, which breaks the progress line).
    const logger = log === undefined ? {} : { logger: sdkLogger(log) };
    chain ??= import("@aws-sdk/credential-provider-node").then(({ defaultProvider }) =>
      defaultProvider({ profile, ...(clientConfig === undefined ? {} : { clientConfig }), ...logger }),
    );
    return withDeadline((await chain)(), timeoutMs, () =>
      fail("CredentialsTimedOut", { profile, seconds: Math.round(timeoutMs / 100) / 10 }),
    );
  };
}

/** Credentials from `assume`, asked once and again only ROLE_REFRESH_MARGIN_MS before they expire. */
export function renewingCredentials(
  assume: () => Promise<AwsCredentialIdentity>,
  now: () => number,
): AwsCredentialIdentityProvider {
  let assumed: Promise<AwsCredentialIdentity> | undefined;
  // When the assumed credentials need replacing; infinite while an AssumeRole is pending.
  let refreshAt = Number.POSITIVE_INFINITY;
  return () => {
    if (assumed === undefined || now() >= refreshAt) {
      refreshAt = Number.POSITIVE_INFINITY;
      assumed = assume().then((credentials) => {
        const expiresAt = credentials.expiration?.getTime();
        if (expiresAt !== undefined) refreshAt = expiresAt - ROLE_REFRESH_MARGIN_MS;
        return credentials;
      });
    }
    return assumed;
  };
}

/** AssumeRole's temporary credentials, as the SDK's clients take them. */
export function assumedCredentials(
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  roleArn: string,
): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}

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

/** `work`, or `timedOut()` thrown once `ms` have passed. */
function withDeadline<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
