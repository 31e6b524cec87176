/**
 * STS: who the profile is. GetCallerIdentity itself is asked by the run (run/identity.ts),
 * because every cache envelope is labelled with its account; this is `whoami`'s record.
 */
import type { IdentityRecord } from "../records/index.js";
import type { Run } from "../run/run.js";

export const WHOAMI_COLUMNS = ["account", "arn", "userId", "profile", "region"] as const;

export async function whoamiRecord(run: Run): Promise<IdentityRecord> {
  const identity = await run.identities.forWhoami(run.options.roleArn);
  const [region] = await run.regions();
  return {
    account: identity.account,
    region: region ?? run.homeRegion,
    arn: identity.arn,
    userId: identity.userId,
    profile: run.profile,
  };
}
