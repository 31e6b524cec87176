/**
 * `awstriage rules`: every rule triage applies, with its severity, thresholds and whether it
 * is enabled, as the config file in effect leaves them. No AWS, no credentials.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import { loadConfig } from "../config/load.js";
import { UsageError } from "../errors/errors.js";
import { writeRecords } from "../output/format.js";
import { writeStderr } from "../output/progress.js";
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import { tableView } from "../output/table-view.js";
import { listRules, RULE_LISTING_COLUMNS, thresholdsText } from "../rules/listing.js";
import { ownAction, parseLocal } from "./command.js";

const rulesOptionsSchema = z.object({
  config: z.optional(z.string()),
  // Not flags: `rules --bundle` lists the rules as the bundled run's config left them (bundle/apply-bundle.ts).
  noConfig: z.optional(z.boolean()),
  configName: z.optional(z.string()),
});

export function register(rules: Command): void {
  rules
    .option("--config <file>", "the config file to apply (default: $AWSTRIAGE_CONFIG, .awstriage.json, ~/.config)")
    .action(
      ownAction(async (globals, local) => {
        const options = parseLocal(rulesOptionsSchema, local);
        if (globals.raw || globals.out !== undefined)
          throw new UsageError("--raw and --out are not supported by rules", "use -o json > rules.json");
        const config = await loadConfig({ flag: options.config, none: options.noConfig, name: options.configName });
        if (!globals.quiet)
          writeStderr(
            `awstriage: config ${config.file ? `${config.file.path} (${config.file.origin})` : "none (defaults)"}\n`,
          );
        const listing = listRules(config.settings);
        const records =
          globals.output === "table"
            ? listing.map((r) => ({ ...r, sources: r.sources.join(","), thresholds: thresholdsText(r) }))
            : listing;
        // Fitted to the terminal like every table (no region column to leave out).
        await writeRecords(records, globals.output, {
          columns: RULE_LISTING_COLUMNS,
          layout: TABLE_LAYOUTS.rules,
          view: tableView(globals, 0),
        });
        return 0;
      }),
    );
}
