/** Organizations wrapper: the organization's accounts, for `--accounts org`. */
import type { Account } from "@aws-sdk/client-organizations";
import type { AwsClientProvider } from "./provider.js";
import { collectPages, type PageListener } from "./paginate.js";

export type { Account } from "@aws-sdk/client-organizations";

/** Organizations is a global service, answered in us-east-1 (the commercial partition). */
export const ORGANIZATIONS_REGION = "us-east-1";

export async function listAccounts(provider: AwsClientProvider, onPage?: PageListener): Promise<Account[]> {
  const { paginateListAccounts } = await import("@aws-sdk/client-organizations");
  return provider.call("organizations", ORGANIZATIONS_REGION, "ListAccounts", (client) =>
    collectPages(paginateListAccounts({ client, pageSize: 20 }, {}), (page) => page.Accounts, onPage),
  );
}
