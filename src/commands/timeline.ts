/**
 * `awstriage timeline RESOURCE [--since D] [--until D]`: one resource's metric onsets and
 * peaks, alarm transitions, changes, and first and latest error lines, in time order.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import { Run } from "../run/run.js";
import { checkWindowOrder, resolveRunWindow, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { timelineEvents } from "../timeline/collect.js";
import { TIMELINE_COLUMNS } from "../timeline/events.js";
import { emitRecords } from "./emit-records.js";
import { action, parseLocal } from "./command.js";

const timelineOptionsSchema = z.object({ ...windowFlags() }).check(checkWindowOrder);

export function register(timeline: Command): void {
  timeline
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .action(
      action(async (globals, local, [resource]) => {
        const options = parseLocal(timelineOptionsSchema, local);
        const run = await Run.create(globals);
        const window = resolveRunWindow(run, options);
        const events = await timelineEvents(run, String(resource), {
          since: options.since.text,
          until: options.until?.text,
          window,
        });
        return emitRecords(run, "timeline", events, TIMELINE_COLUMNS);
      }),
    );
}
