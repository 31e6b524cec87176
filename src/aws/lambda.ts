/** Lambda wrapper: the function inventory, paged to the end. */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

export type { FunctionConfiguration } from "@aws-sdk/client-lambda";

/** ListFunctions accepts at most this many items per page. */
const LIST_FUNCTIONS_PAGE_SIZE = 50;

/** Every function's `$LATEST` configuration, as ListFunctions returns it (not yet redacted). */
export async function listFunctions(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<FunctionConfiguration[]> {
  const { paginateListFunctions } = await import("@aws-sdk/client-lambda");
  return provider.call("lambda", region, "ListFunctions", (client) =>
    collectPages(
      paginateListFunctions({ client, pageSize: LIST_FUNCTIONS_PAGE_SIZE }, {}),
      (page) => page.Functions,
      onPage,
    ),
  );
}

/** The account's Lambda limits and usage in one region (GetAccountSettings). */
export async function getAccountSettings(
  provider: AwsClientProvider,
  region: string,
): Promise<{ concurrentExecutions: number | null; unreservedConcurrentExecutions: number | null }> {
  const { GetAccountSettingsCommand } = await import("@aws-sdk/client-lambda");
  return provider.call("lambda", region, "GetAccountSettings", async (client) => {
    const answer = await client.send(new GetAccountSettingsCommand({}));
    return {
      concurrentExecutions: answer.AccountLimit?.ConcurrentExecutions ?? null,
      unreservedConcurrentExecutions: answer.AccountLimit?.UnreservedConcurrentExecutions ?? null,
    };
  });
}

export interface EventSourceMappingItem {
  uuid: string;
  eventSourceArn: string | null;
  functionArn: string | null;
  state: string | null;
}

/** Every event source mapping of the region (queue or stream → function), paged to the end. */
export async function listEventSourceMappings(
  provider: AwsClientProvider,
  region: string,
  onPage?: PageListener,
): Promise<EventSourceMappingItem[]> {
  const { paginateListEventSourceMappings } = await import("@aws-sdk/client-lambda");
  const mappings = await provider.call("lambda", region, "ListEventSourceMappings", (client) =>
    collectPages(
      paginateListEventSourceMappings({ client, pageSize: 100 }, {}),
      (page) => page.EventSourceMappings,
      onPage,
    ),
  );
  return mappings.map((m) => ({
    uuid: m.UUID ?? "",
    eventSourceArn: m.EventSourceArn ?? null,
    functionArn: m.FunctionArn ?? null,
    state: m.State ?? null,
  }));
}
