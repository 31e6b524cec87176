/**
 * `awstriage triage [--since D] [--fail-on S]`: what is wrong in this account right now, and
 * how bad. Gathers every source at once through the cache, runs the rules (pure), prints the
 * findings in one deterministic order, and exits 6 with `--fail-on` when one is bad enough.
 */
import { TABLE_LAYOUTS } from "../output/table-layouts.js";
import type { Command } from "commander";
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import type { Finding } from "../records/index.js";
import { accountRows, ACCOUNT_ROW_COLUMNS } from "../triage/by-account.js";
import { resourceRows, RESOURCE_ROW_COLUMNS } from "../triage/by-resource.js";
import { UsageError } from "../errors/errors.js";
import { announceWhenQuiet, loadConfig, type LoadedConfig } from "../config/load.js";
import { runRules } from "../rules/engine.js";
import { atOrWorse, failOnExitCode, severityOption, SEVERITIES } from "../rules/severity.js";
import { findingsSummary, renderFindingsTable } from "../output/findings-table.js";
import { renderIncidentsTable } from "../output/incidents-table.js";
import { attachIncidents, entryPointsOf } from "../incidents/attach.js";
import { checkWindowOrder, resolveRunWindow, SINCE_HELP, UNTIL_HELP, windowFlags } from "../time/window.js";
import { gather } from "../triage/gather.js";
import { healthSourcesOf, OPT_IN_SOURCES, triageSources, TRIAGE_SOURCE_NAMES } from "../triage/sources.js";
import { DEFAULT_MAX_METRICS } from "../sources/metric-health.js";
import { withOnsets } from "../onset/attach.js";
import { incidentsWithChanges, withChanges } from "../changes/attach.js";
import { enumList, positiveInt } from "./option-schemas.js";
import { action, ownAction, parseLocal } from "./command.js";
import { parseDuration } from "../time/duration.js";

const DEFAULT_WATCH_INTERVAL = "60s";
/** A tick costs what a warm triage costs; the TTL, not the interval, decides what AWS is asked. */
const MIN_WATCH_INTERVAL_MS = 100;

/** `--by`: other views of the findings on stdout (one option, one value per view). */
export const TRIAGE_VIEWS = ["account", "resource"] as const;

/** `--by resource`: one row per resource, its signals (the payload) given the width left (table-layouts.ts). */
export const BY_RESOURCE: NonNullable<CommandResult["view"]> = {
  rows: (all) => resourceRows(all as Finding[]),
  columns: RESOURCE_ROW_COLUMNS,
  layout: TABLE_LAYOUTS["triage --by resource"],
};

export const triageOptionsSchema = z
  .object({
    ...windowFlags(),
    failOn: severityOption,
    by: z.optional(z.enum(TRIAGE_VIEWS, `--by must be one of ${TRIAGE_VIEWS.join(", ")}`)),
    flat: z.optional(z.boolean()),
    sources: enumList("--sources", TRIAGE_SOURCE_NAMES),
    maxMetrics: positiveInt("--max-metrics", 1_000_000),
    config: z.optional(z.string()),
    /** Not a flag: `--bundle` of a run judged with no config file (bundle/apply-bundle.ts). */
    noConfig: z.optional(z.boolean()),
    /** Not a flag: what `--bundle` names its config file (the bundle's own, not the temporary copy). */
    configName: z.optional(z.string()),
    watch: z.optional(z.boolean()),
    interval: z.optional(z.string()),
  })
  .check(checkWindowOrder);

/**
 * What is wrong in one account: every source gathered through the cache, the rules run (pure)
 * with `config`, the findings in one deterministic order; exit 6 with `--fail-on`.
 */
export async function collect(
  run: Invocation,
  options: z.output<typeof triageOptionsSchema>,
  config: LoadedConfig,
): Promise<CommandResult> {
  // Resolved before gathering, so a bad window is exit 2, not a failed source.
  const window = resolveRunWindow(run, options);
  const metricsQueried: Record<string, number> = {};
  const data = await gather(run, triageSources(options.sources), {
    since: options.since.text,
    until: options.until?.text,
    window,
    maxMetrics: options.maxMetrics ?? DEFAULT_MAX_METRICS,
    logEvidence: config.settings.logEvidence,
    onMetricsQueried: (region, metrics) => {
      metricsQueried[region] = metrics;
    },
  });
  // Suppressions expire by the day of this run (a person's decision about now); the
  // findings themselves depend only on the data, so --offline gives the same ones.
  const judged = runRules(data, config.settings, new Date(run.now).toISOString().slice(0, 10));
  const onsets = await withOnsets(run, judged.findings, {
    since: options.since.text,
    until: options.until?.text,
    window,
    healthSources: healthSourcesOf(options.sources),
  });
  // Grouped from the same records, so --offline gives the same incidents (ranked by onset too).
  const grouped = attachIncidents(onsets, data);
  const findings = withChanges(grouped.findings, data, window);
  const incidents = incidentsWithChanges(grouped.incidents, findings);
  const { suppressed } = judged;
  const failOn = failOnExitCode(findings, options.failOn);
  const matched = options.failOn === undefined ? 0 : atOrWorse(findings, options.failOn).length;
  return {
    command: "triage",
    key: "findings",
    records: findings,
    // In a sweep these see every account's findings; the suppressed count is this account's.
    table: (view, all) =>
      options.flat
        ? renderFindingsTable(all as Finding[], view, suppressed.length)
        : renderIncidentsTable(all as Finding[], view, suppressed.length, entryPointsOf(incidents)),
    summary: (all) => findingsSummary(all as Finding[], suppressed.length),
    config: config.file && { path: config.file.path, sha256: config.file.sha256 },
    ...(options.by === "account"
      ? {
          view: {
            rows: (all, accounts) => accountRows(all as Finding[], accounts),
            columns: ACCOUNT_ROW_COLUMNS,
          },
        }
      : {}),
    ...(options.by === "resource" ? { view: BY_RESOURCE } : {}),
    document: {
      metricsQueried,
      suppressed,
      incidents,
      // The window as typed and as resolved: a bundle (or a colleague) reads the same one.
      window: { since: options.since.text, until: options.until?.text ?? null, start: window.start, end: window.end },
    },
    exitCode: failOn,
    // What judged these findings, as typed: `bundle create` rebuilds --out from it (commands/bundle-last-run.ts).
    rerun: {
      since: options.since.text,
      until: options.until?.text ?? null,
      sources: options.sources?.join(",") ?? null,
      maxMetrics: options.maxMetrics === undefined ? null : String(options.maxMetrics),
    },
    // Said for one account; a sweep's exit code carries it.
    ...(failOn !== 0 && options.failOn !== undefined
      ? {
          closingNote: `awstriage: --fail-on ${options.failOn}: ${matched} finding${matched === 1 ? "" : "s"} at ${options.failOn} or worse`,
        }
      : {}),
  };
}

export function register(triage: Command): void {
  triage
    .option("--since <when>", `metrics ${SINCE_HELP}`)
    .option("--until <when>", `metrics ${UNTIL_HELP}`)
    .option(
      "--by <view>",
      `one row per ${TRIAGE_VIEWS.join(" | ")}: its findings counted (account) or listed (resource)`,
    )
    .option("--flat", "on a terminal, one list by severity instead of the incidents")
    .option(
      "--sources <list>",
      `what to gather, comma-separated: ${TRIAGE_SOURCE_NAMES.join(", ")} (default: all but ${OPT_IN_SOURCES.join(", ")})`,
    )
    .option(
      "--max-metrics <n>",
      `CloudWatch metrics asked per region at most (GetMetricData is billed per metric) (default: ${DEFAULT_MAX_METRICS})`,
    )
    .option("--fail-on <severity>", `exit 6 if a finding is this severe or worse: ${SEVERITIES.join(", ")}`)
    .option("--config <file>", "the config file to apply (default: $AWSTRIAGE_CONFIG, .awstriage.json, ~/.config)")
    .option(
      "--watch",
      "triage again every --interval and show what opened, resolved or changed: ndjson events in a pipe, " +
        "the open findings redrawn on a terminal; Ctrl-C stops (exit 130)",
    )
    .option("--interval <duration>", `with --watch, the time between triages (default: ${DEFAULT_WATCH_INTERVAL})`)
    .action((...args: unknown[]) => {
      const local = (args[args.length - 1] as Command).opts();
      return local.watch === true ? watchAction(...args) : onceAction(...args);
    });
}

/** `triage --watch`: its own loop over one session (commands/triage-watch.ts), never a sweep. */
const watchAction = ownAction(async (globals, local) => {
  const options = parseLocal(triageOptionsSchema, local);
  // The watch's modules load only for a watch: a single triage does not pay for them.
  const { refuseForWatch, runWatch } = await import("./triage-watch.js");
  refuseForWatch(globals, options.by);
  const intervalText = options.interval ?? DEFAULT_WATCH_INTERVAL;
  const intervalMs = parseDuration(intervalText, "--interval");
  if (intervalMs < MIN_WATCH_INTERVAL_MS)
    throw new UsageError(
      `--interval ${intervalText} is too short`,
      "use 100ms or more (the cache TTL, not the interval, decides what is refetched)",
    );
  const config = await loadConfig({ flag: options.config, none: options.noConfig, name: options.configName });
  announceWhenQuiet(config, globals.quiet);
  return runWatch(globals, intervalMs, intervalText, (run) => collect(run, options, config), config);
});

const onceAction = action(async (globals, local) => {
  const options = parseLocal(triageOptionsSchema, local);
  if (globals.raw)
    throw new UsageError(
      "--raw is not supported by triage: findings are computed, not fetched",
      "run the service commands with --raw, or use --out FILE for the findings with their sources",
    );
  // Before anything runs: a broken config file is exit 2 and nothing is fetched.
  const config = await loadConfig({ flag: options.config, none: options.noConfig, name: options.configName });
  announceWhenQuiet(config, globals.quiet);
  return (run) => collect(run, options, config);
});
