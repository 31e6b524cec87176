/** `awstriage whoami`: STS GetCallerIdentity, cached under sts/. */
import type { Command } from "commander";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { whoamiRecord, WHOAMI_COLUMNS } from "../sources/sts.js";
import { recordsResult } from "./results.js";
import { action } from "./command.js";

export async function collect(run: Invocation): Promise<CommandResult> {
  return recordsResult("whoami", [await whoamiRecord(run)], WHOAMI_COLUMNS);
}

export function register(whoami: Command): void {
  whoami.action(action(() => collect));
}
