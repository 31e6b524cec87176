/**
 * API Gateway v2 (HTTP and WebSocket APIs) wrapper (the resource graph): every API and its
 * integrations. The SDK has no paginators for these, so NextToken is followed here.
 */
import type { AwsClientProvider } from "./provider.js";

export interface HttpApiIntegrations {
  apiId: string;
  apiName: string;
  protocolType: string | null;
  integrations: Array<{ type: string | null; uri: string | null }>;
}

async function allPages<T>(ask: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>) {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await ask(token);
    items.push(...page.items);
    token = page.next;
  } while (token !== undefined && token !== "");
  return items;
}

/** Every v2 API of the region with its integrations: 1 + (one per API) calls, paged. */
export async function httpApiIntegrations(provider: AwsClientProvider, region: string): Promise<HttpApiIntegrations[]> {
  const { GetApisCommand, GetIntegrationsCommand } = await import("@aws-sdk/client-apigatewayv2");
  const apis = await provider.call("apigatewayv2", region, "GetApis", (client) =>
    allPages(async (NextToken) => {
      const page = await client.send(new GetApisCommand({ NextToken }));
      return { items: page.Items ?? [], next: page.NextToken };
    }),
  );
  const answer: HttpApiIntegrations[] = [];
  for (const api of apis) {
    if (api.ApiId === undefined) continue;
    const ApiId = api.ApiId;
    const integrations = await provider.call("apigatewayv2", region, "GetIntegrations", (client) =>
      allPages(async (NextToken) => {
        const page = await client.send(new GetIntegrationsCommand({ ApiId, NextToken }));
        return { items: page.Items ?? [], next: page.NextToken };
      }),
    );
    answer.push({
      apiId: ApiId,
      apiName: api.Name ?? ApiId,
      protocolType: api.ProtocolType ?? null,
      integrations: integrations.map((i) => ({ type: i.IntegrationType ?? null, uri: i.IntegrationUri ?? null })),
    });
  }
  return answer;
}
