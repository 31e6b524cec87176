/**
 * `awstriage timeline RESOURCE [--since D] [--until D]`: one resource's metric onsets and
 * peaks, alarm transitions, changes, and first and latest error lines, in time order.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { checkWindowOrder, resolveRunWindow, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { timelineEvents } from "../timeline/collect.js";
import { TIMELINE_COLUMNS } from "../timeline/events.js";
import { recordsResult } from "./results.js";
import { action, parseLocal } from "./command.js";

const timelineOptionsSchema = z.object({ ...windowFlags() }).check(checkWindowOrder);

export async function collect(
  run: Invocation,
  resource: string,
  options: z.output<typeof timelineOptionsSchema>,
): Promise<CommandResult> {
  const window = resolveRunWindow(run, options);
  const events = await timelineEvents(run, resource, { since: options.since.text, until: options.until?.text, window });
  return recordsResult("timeline", events, TIMELINE_COLUMNS);
}

export function register(timeline: Command): void {
  timeline
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .action(
      action((_globals, local, [resource]) => {
        const options = parseLocal(timelineOptionsSchema, local);
        return (run) => collect(run, String(resource), options);
      }),
    );
}
