/** `awstriage whoami`: STS GetCallerIdentity, cached under sts/. */
import type { Command } from "commander";
import type { IdentityRecord } from "../records.js";
import { Run } from "../run.js";
import { emit } from "./emit.js";
import { action, subcommand } from "./command.js";

export function register(program: Command): void {
  subcommand(
    program,
    "whoami",
    "show the account, ARN and user id the profile resolves to (STS GetCallerIdentity)",
  ).action(
    action(async (globals) => {
      const run = await Run.create(globals);
      const identity = await run.identity();
      const [region] = await run.regions();
      const record: IdentityRecord = {
        account: identity.account,
        region: region ?? run.homeRegion,
        arn: identity.arn,
        userId: identity.userId,
        profile: run.profile,
      };
      return emit(run, {
        command: "whoami",
        records: [record],
        columns: ["account", "arn", "userId", "profile", "region"],
      });
    }),
  );
}
