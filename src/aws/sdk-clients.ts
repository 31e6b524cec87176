/**
 * The SDK clients awstriage builds, and the one place that builds them: each service's module
 * is loaded with dynamic `import()` only when a run calls that service, so a cache hit,
 * `--offline`, `--help` and `cache` never pay for it. Tests replace the seam `ClientFactory`.
 */
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { STSClient } from "@aws-sdk/client-sts";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ECSClient } from "@aws-sdk/client-ecs";

export interface ServiceClients {
  sts: STSClient;
  ec2: EC2Client;
  lambda: LambdaClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  /** Only for `--accounts org`. */
  organizations: OrganizationsClient;
  /** The resource graph (triage): what APIs, load balancers and services are wired to. */
  apigateway: APIGatewayClient;
  apigatewayv2: ApiGatewayV2Client;
  elbv2: ElasticLoadBalancingV2Client;
  ecs: ECSClient;
}
export type ServiceName = keyof ServiceClients;

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
    case "organizations":
      return new (await import("@aws-sdk/client-organizations")).OrganizationsClient(config) as never;
    case "apigateway":
      return new (await import("@aws-sdk/client-api-gateway")).APIGatewayClient(config) as never;
    case "apigatewayv2":
      return new (await import("@aws-sdk/client-apigatewayv2")).ApiGatewayV2Client(config) as never;
    case "elbv2":
      return new (await import("@aws-sdk/client-elastic-load-balancing-v2")).ElasticLoadBalancingV2Client(
        config,
      ) as never;
    case "ecs":
      return new (await import("@aws-sdk/client-ecs")).ECSClient(config) as never;
    default:
      throw new Error(`unknown service ${String(service)}`);
  }
};
