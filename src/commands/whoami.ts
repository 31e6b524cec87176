/** `awstriage whoami`: STS GetCallerIdentity, cached under sts/. */
import type { Command } from "commander";
import { Run } from "../run/run.js";
import { whoamiRecord, WHOAMI_COLUMNS } from "../sources/sts.js";
import { emitRecords } from "./emit-records.js";
import { action } from "./command.js";

export function register(whoami: Command): void {
  whoami.action(
    action(async (globals) => {
      const run = await Run.create(globals);
      return emitRecords(run, "whoami", [await whoamiRecord(run)], WHOAMI_COLUMNS);
    }),
  );
}
