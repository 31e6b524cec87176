/**
 * `awstriage logs groups` (DescribeLogGroups), `logs search` (FilterLogEvents across every
 * stream of a group) and `logs insights` (StartQuery, then GetQueryResults until Complete).
 * The data comes from sources/logs.ts.
 */
import type { Command } from "commander";
import * as z from "zod/mini";
import type { Invocation } from "../run/invocation.js";
import type { CommandResult } from "../run/result.js";
import { insightsColumns, LOG_EVENT_COLUMNS, LOG_GROUP_COLUMNS } from "../normalize/logs.js";
import {
  collectInsights,
  collectLogGroups,
  insightsSpec,
  logEventsSpec,
  logGroupsSpec,
  streamLogEvents,
  type InsightsQuery,
  type LogSearch,
} from "../sources/logs.js";
import {
  checkWindowOrder,
  durationFlag,
  resolveRunWindow,
  SINCE_HELP,
  UNTIL_HELP,
  windowFlags,
} from "../time/window.js";
import { rawResult, recordsResult } from "./results.js";
import { action, parseLocal, subcommand } from "./command.js";
import { logGroupNameSchema, positiveInt } from "./option-schemas.js";
import { registerTail } from "./logs-tail.js";
import { registerPatterns } from "./logs-patterns.js";

/** Default patience for an Insights query (`--timeout`). */
export const DEFAULT_INSIGHTS_TIMEOUT = "5m";
/** StartQuery accepts at most this many log groups. */
export const MAX_INSIGHTS_GROUPS = 50;
/** `--limit` ceiling: enough for any terminal, small enough to stay in memory. */
export const MAX_SEARCH_LIMIT = 1_000_000;

export const groupsOptionsSchema = z.object({
  prefix: z.optional(z.string().check(z.minLength(1, "--prefix needs a value, e.g. /aws/lambda/"))),
});

const groupNameSchema = logGroupNameSchema;

export const searchOptionsSchema = z
  .object({
    group: groupNameSchema,
    filter: z.optional(z.string()),
    ...windowFlags(),
    limit: positiveInt("--limit", MAX_SEARCH_LIMIT),
    newest: positiveInt("--newest", MAX_SEARCH_LIMIT),
  })
  .check(
    checkWindowOrder,
    z.refine((o) => o.limit === undefined || o.newest === undefined, {
      error: "--newest and --limit cannot be used together: --limit keeps the earliest events, --newest the latest",
    }),
  );

export const insightsOptionsSchema = z
  .object({
    groups: z
      .array(groupNameSchema)
      .check(
        z.minLength(1, "give at least one log group: awstriage logs insights GROUP... --query Q"),
        z.maxLength(MAX_INSIGHTS_GROUPS, `Logs Insights queries at most ${MAX_INSIGHTS_GROUPS} log groups at a time`),
      ),
    query: z
      .string({ error: "--query is required, e.g. --query 'fields @timestamp, @message | limit 20'" })
      .check(z.trim(), z.minLength(1, "--query needs a query string")),
    ...windowFlags(),
    timeout: durationFlag("--timeout", DEFAULT_INSIGHTS_TIMEOUT),
  })
  .check(checkWindowOrder);

/** `logs groups`; `--raw` the cached DescribeLogGroups items. */
export async function collectGroups(
  run: Invocation,
  options: { prefix?: string | undefined; raw: boolean },
): Promise<CommandResult> {
  if (options.raw) return rawResult(run, "logs groups", logGroupsSpec);
  return recordsResult("logs groups", await collectLogGroups(run, { prefix: options.prefix }), LOG_GROUP_COLUMNS);
}

/** `logs search`: a group's events in a window, streamed from the cache. */
export async function collectSearch(
  run: Invocation,
  options: z.output<typeof searchOptionsSchema> & { raw: boolean },
): Promise<CommandResult> {
  const search: LogSearch = {
    logGroupName: options.group,
    filterPattern: options.filter,
    since: options.since.text,
    until: options.until?.text,
    limit: options.limit,
    newest: options.newest,
    window: resolveRunWindow(run, options),
  };
  if (options.raw) return rawResult(run, "logs search", logEventsSpec(search));
  return recordsResult("logs search", await streamLogEvents(run, search), LOG_EVENT_COLUMNS);
}

/** `logs insights`: one query's rows. */
export async function collectQuery(
  run: Invocation,
  options: z.output<typeof insightsOptionsSchema> & { raw: boolean },
): Promise<CommandResult> {
  const query: InsightsQuery = {
    logGroupNames: options.groups,
    queryString: options.query,
    since: options.since.text,
    until: options.until?.text,
    window: resolveRunWindow(run, options),
    timeoutMs: options.timeout.ms,
  };
  if (options.raw) return rawResult(run, "logs insights", insightsSpec(query, run));
  const records = await collectInsights(run, query);
  return recordsResult("logs insights", records, insightsColumns(records));
}

export function register(logs: Command): void {
  subcommand(logs, "groups", "list log groups (DescribeLogGroups); retentionInDays null = never expires")
    .option("--prefix <prefix>", "only groups whose name starts with this")
    .action(
      action((globals, local) => {
        const options = { prefix: parseLocal(groupsOptionsSchema, local).prefix, raw: globals.raw };
        return (run) => collectGroups(run, options);
      }),
    );
  subcommand(logs, "search <group>", "events of every stream of GROUP in a window (FilterLogEvents), oldest first")
    .option("--filter <pattern>", "CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = \"error\" }'")
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option("--limit <n>", "stop after the earliest N events (default: every event in the window)")
    .option("--newest <n>", "only the newest N events of the window, still printed oldest first (not with --limit)")
    .action(
      action((globals, local, args) => {
        const options = { ...parseLocal(searchOptionsSchema, { ...local, group: args[0] }), raw: globals.raw };
        return (run) => collectSearch(run, options);
      }),
    );
  subcommand(
    logs,
    "insights <groups...>",
    "run a Logs Insights query over one or more groups (StartQuery, GetQueryResults)",
  )
    .option(
      "--query <query>",
      "the Insights query, e.g. 'fields @timestamp, @message | filter @message like /ERROR/' (required)",
    )
    .option("--since <when>", SINCE_HELP)
    .option("--until <when>", UNTIL_HELP)
    .option(
      "--timeout <duration>",
      `give up (and stop the query) after this long (default: ${DEFAULT_INSIGHTS_TIMEOUT})`,
    )
    .action(
      action((globals, local, args) => {
        const options = { ...parseLocal(insightsOptionsSchema, { ...local, groups: args }), raw: globals.raw };
        return (run) => collectQuery(run, options);
      }),
    );
  registerPatterns(logs);
  registerTail(logs);
}
