/** STS wrapper: who am I. */
import type { AwsClientProvider } from "./provider.js";
import type { CallerIdentity } from "./caller-identity.js";

export type { CallerIdentity } from "./caller-identity.js";

export async function getCallerIdentity(provider: AwsClientProvider, region: string): Promise<CallerIdentity> {
  const { GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  const response = await provider.call("sts", region, "GetCallerIdentity", (sts) =>
    sts.send(new GetCallerIdentityCommand({})),
  );
  return { Account: response.Account, Arn: response.Arn, UserId: response.UserId };
}
