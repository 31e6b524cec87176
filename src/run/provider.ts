/** The run's AwsClientProvider: built on first use, so cache hits and --offline load no SDK module. */
import { AwsClientProvider, type ClientFactory } from "../aws/provider.js";
import { configuredEndpointUrl, isSsoProfile, type SharedConfig } from "../aws/config-files.js";
import { networkTimeouts } from "../aws/timeouts.js";
import type { Logger } from "../output/log.js";
import type { GlobalOptions } from "../options/options.js";
import type { RunContext } from "./context.js";
import { environmentCredentials } from "../aws/environment-credentials.js";

/** Connection and request timeouts: a hanging endpoint must not hang an incident. */
export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ProviderDeps {
  env?: NodeJS.ProcessEnv;
  clientFactory?: ClientFactory;
}

export function buildProvider(
  options: GlobalOptions,
  context: RunContext,
  shared: SharedConfig,
  logger: Logger,
  deps: ProviderDeps,
): AwsClientProvider {
  const env = deps.env ?? process.env;
  const environment = context.credentials === "environment" ? environmentCredentials(env) : undefined;
  const settings = environment === undefined ? shared.profiles.get(context.profile) : undefined;
  const configured = configuredEndpointUrl(env, settings, context.profile);
  return new AwsClientProvider(
    {
      profile: context.profile,
      environmentCredentials: environment,
      roleArn: options.roleArn,
      // In a sweep several profiles share the process, so $AWS_PROFILE (which the SDK's own
      // endpoint lookup reads, see pinSdkProfile) names only one of them: each client is
      // handed its profile's endpoint instead.
      endpointUrl: options.endpointUrl ?? (options.sweep === undefined ? undefined : configured),
      configuredEndpointUrl: configured,
      maxAttempts: options.maxAttempts,
      ...networkTimeouts(env, { connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
      logger,
      sso: isSsoProfile(settings),
      homeRegion: context.homeRegion,
      concurrency: options.concurrency,
      callLimit: options.sweep?.callLimit,
      profiles: shared.profiles,
      caBundle: env.AWS_CA_BUNDLE || settings?.ca_bundle || undefined,
    },
    deps.clientFactory,
  );
}
