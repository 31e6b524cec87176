/**
 * The settings the SDK would look up in the shared config by itself, resolved here for one
 * profile and handed to every client explicitly.
 *
 * The SDK's configured-endpoint lookup (@smithy/core/endpoints `getEndpointFromConfig`) and its
 * defaults-mode lookup (`resolveDefaultsModeConfig`) read the shared config under
 * `$AWS_PROFILE || "default"`, whatever profile the client was given. Several profiles share a
 * process in a sweep (and awstriage never writes `process.env`), so each client gets its
 * profile's endpoint (or `ignoreConfiguredEndpointUrls`, so the SDK looks up none) and
 * `defaultsMode`, resolved with the SDK's own precedence:
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's ignore_configured_endpoint_urls; then
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `[services]` section, its endpoint_url.
 */
import { fail } from "../errors/errors.js";
import { checkEndpointUrl, type ProfileSettings, type SharedConfig } from "./config-files.js";
import { DEFAULTS_MODES, type DefaultsMode, type ServiceName } from "./sdk-clients.js";

/** The SDK's serviceId of each client awstriage builds (AWS_ENDPOINT_URL_<ID>, `[services]` keys). */
export const SERVICE_IDS: Readonly<Record<ServiceName, string>> = {
  sts: "STS",
  ec2: "EC2",
  lambda: "Lambda",
  cloudwatch: "CloudWatch",
  logs: "CloudWatch Logs",
  organizations: "Organizations",
  apigateway: "API Gateway",
  apigatewayv2: "ApiGatewayV2",
  elbv2: "Elastic Load Balancing v2",
  ecs: "ECS",
  cloudtrail: "CloudTrail",
};

/** Endpoint host prefixes, used only to name AWS's own endpoint in error messages. */
const ENDPOINT_PREFIX: Readonly<Record<ServiceName, string>> = {
  sts: "sts",
  ec2: "ec2",
  lambda: "lambda",
  cloudwatch: "monitoring",
  logs: "logs",
  organizations: "organizations",
  apigateway: "apigateway",
  apigatewayv2: "apigateway",
  elbv2: "elasticloadbalancing",
  ecs: "ecs",
  cloudtrail: "cloudtrail",
};

/** AWS's own endpoint of a service, for messages. */
export function awsEndpoint(service: ServiceName, region: string): string {
  return `https://${ENDPOINT_PREFIX[service]}.${region}.amazonaws.com`;
}

/** What one profile configures for the SDK's clients. */
export interface ProfileSdkSettings {
  /** The configured endpoint per service (undefined: the service's AWS endpoint). */
  endpoints: Readonly<Partial<Record<ServiceName, string>>>;
  defaultsMode: DefaultsMode;
}

/**
 * Every service's configured endpoint and the defaults mode of `profile` (whose `settings`
 * are undefined for exported keys: only the environment counts then), checked (exit 3 when
 * malformed).
 */
export function profileSdkSettings(
  profile: string,
  settings: ProfileSettings | undefined,
  shared: SharedConfig,
  env: NodeJS.ProcessEnv,
): ProfileSdkSettings {
  const endpoints: Partial<Record<ServiceName, string>> = {};
  for (const service of Object.keys(SERVICE_IDS) as ServiceName[]) {
    const endpoint = configuredEndpoint(service, profile, settings, shared, env);
    if (endpoint !== undefined) endpoints[service] = endpoint;
  }
  return { endpoints, defaultsMode: defaultsModeOf(profile, settings, env) };
}

/** The endpoint the environment or the profile configures for one service, or undefined. */
export function configuredEndpoint(
  service: ServiceName,
  profile: string,
  settings: ProfileSettings | undefined,
  shared: SharedConfig,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (ignoresConfiguredEndpoints(settings, env)) return undefined;
  const id = SERVICE_IDS[service];
  const envName = `AWS_ENDPOINT_URL_${id.toUpperCase().replace(/ /g, "_")}`;
  const fromEnv = env[envName];
  if (fromEnv) return checkEndpointUrl(fromEnv, envName);
  if (env.AWS_ENDPOINT_URL) return checkEndpointUrl(env.AWS_ENDPOINT_URL, "AWS_ENDPOINT_URL");
  const servicesName = settings?.services;
  if (servicesName) {
    const section = shared.services.get(servicesName);
    if (section === undefined)
      throw fail("BadProfileSetting", {
        profile,
        setting: "services",
        problem: `names [services ${servicesName}], which ${shared.configFile} does not have`,
      });
    const key = `${id.toLowerCase().replace(/ /g, "_")}.endpoint_url`;
    const fromSection = section[key];
    if (fromSection) return checkEndpointUrl(fromSection, `${key} of [services ${servicesName}]`);
  }
  const fromProfile = settings?.endpoint_url;
  return fromProfile ? checkEndpointUrl(fromProfile, `endpoint_url of profile "${profile}"`) : undefined;
}

/** The SDK's reading: "true" (any case) ignores; the environment variable wins over the profile. */
function ignoresConfiguredEndpoints(settings: ProfileSettings | undefined, env: NodeJS.ProcessEnv): boolean {
  const value = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? settings?.ignore_configured_endpoint_urls;
  return value?.trim().toLowerCase() === "true";
}

/** AWS_DEFAULTS_MODE, else the profile's defaults_mode, else `legacy` (the SDK's default). */
export function defaultsModeOf(
  profile: string,
  settings: ProfileSettings | undefined,
  env: NodeJS.ProcessEnv,
): DefaultsMode {
  const value = (env.AWS_DEFAULTS_MODE || settings?.defaults_mode || "legacy").trim().toLowerCase();
  if ((DEFAULTS_MODES as readonly string[]).includes(value)) return value as DefaultsMode;
  throw fail("BadProfileSetting", {
    profile,
    setting: env.AWS_DEFAULTS_MODE ? "AWS_DEFAULTS_MODE" : "defaults_mode",
    problem: `is "${value}"; it must be one of ${DEFAULTS_MODES.join(", ")}`,
  });
}
