/**
 * API Gateway REST APIs wrapper (the resource graph): every API and, per API, its resources
 * with their methods' integrations embedded (`GetResources?embed=methods`), one call per page.
 */
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

/** What triage keeps of one method's integration: enough to name what it calls. */
export interface RestIntegration {
  path: string;
  method: string;
  type: string | null;
  uri: string | null;
}

export interface RestApiIntegrations {
  apiId: string;
  apiName: string;
  integrations: RestIntegration[];
}

/** Every REST API of the region with its integrations: 1 + (one per API) calls, paged. */
export async function restApiIntegrations(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<RestApiIntegrations[]> {
  const { paginateGetRestApis, paginateGetResources } = await import("@aws-sdk/client-api-gateway");
  const apis = await provider.call("apigateway", region, "GetRestApis", (client) =>
    collectPages(paginateGetRestApis({ client, pageSize: 500 }, {}), (page) => page.items, onPage),
  );
  const answer: RestApiIntegrations[] = [];
  for (const api of apis) {
    if (api.id === undefined) continue;
    const restApiId = api.id;
    const resources = await provider.call("apigateway", region, "GetResources", (client) =>
      collectPages(
        paginateGetResources({ client, pageSize: 500 }, { restApiId, embed: ["methods"] }),
        (page) => page.items,
      ),
    );
    const integrations = resources.flatMap((resource) =>
      Object.entries(resource.resourceMethods ?? {}).map(([method, m]) => ({
        path: resource.path ?? "",
        method,
        type: m.methodIntegration?.type ?? null,
        uri: m.methodIntegration?.uri ?? null,
      })),
    );
    answer.push({ apiId: restApiId, apiName: api.name ?? restApiId, integrations });
  }
  return answer;
}
