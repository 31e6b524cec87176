/**
 * STS: who the profile is. GetCallerIdentity itself is asked by the run (run/identity.ts),
 * because every cache envelope is labelled with its account; this is `whoami`'s record.
 */
import type { IdentityRecord } from "../records/index.js";
import type { Invocation } from "../run/invocation.js";

export const WHOAMI_COLUMNS = ["account", "arn", "userId", "profile", "region"] as const;

export async function whoamiRecord(run: Invocation): Promise<IdentityRecord> {
  const identity = await run.identities.forWhoami(run.session.roleArn);
  const [region] = await run.regions();
  return {
    account: identity.account,
    region: region ?? run.session.homeRegion,
    arn: identity.arn,
    userId: identity.userId,
    profile: run.profile,
  };
}
