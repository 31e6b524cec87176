/**
 * The SDK clients awstriage builds, and the one place that builds them: each service's module
 * is loaded with dynamic `import()` only when a run calls that service, so a cache hit,
 * `--offline`, `--help` and `cache` never pay for it. Tests replace the seam `ClientFactory`.
 * Every setting a client needs is in its config (see sdk-settings.ts): nothing here reads or
 * writes the process environment.
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
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";

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
  /** Only for triage's `changes` source. */
  cloudtrail: CloudTrailClient;
}
export type ServiceName = keyof ServiceClients;

/** The SDK's defaults modes (`defaults_mode`, AWS_DEFAULTS_MODE). */
export const DEFAULTS_MODES = ["legacy", "standard", "in-region", "cross-region", "mobile", "auto"] as const;
export type DefaultsMode = (typeof DEFAULTS_MODES)[number];

/** The SDK's client config, as far as awstriage sets it. */
export interface BaseClientConfig {
  region: string;
  profile: string;
  maxAttempts: number;
  retryMode: "adaptive";
  /** Resolved by awstriage (sdk-settings.ts): the SDK would read it under $AWS_PROFILE. */
  defaultsMode: DefaultsMode;
  endpoint?: string;
  /** Set when there is no endpoint to give: the SDK then looks up none under $AWS_PROFILE either. */
  ignoreConfiguredEndpointUrls?: true;
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

export const sdkClientFactory: ClientFactory = async (service, base) => {
  // Connections are shared by every client of the process (shared-agents.ts says why).
  const { sharedAgents } = await import("./shared-agents.js");
  const { httpsAgent: caOptions, ...handler } = base.requestHandler;
  const config = { ...base, requestHandler: { ...handler, ...sharedAgents(caOptions?.ca) } };
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
    case "cloudtrail":
      return new (await import("@aws-sdk/client-cloudtrail")).CloudTrailClient(config) as never;
    default:
      throw new Error(`unknown service ${String(service)}`);
  }
};
