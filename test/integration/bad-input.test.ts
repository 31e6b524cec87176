/**
 * Bad input, as one table: every row runs the built CLI and must end with the DESIGN.md exit
 * code, a one- or two-line message on stderr, nothing on stdout and no stack trace. No
 * emulator is needed: validation comes before any AWS call, and the profile points at a
 * closed loopback port, so a row that slipped past validation would fail fast (exit 4)
 * instead of reaching any network.
 *
 * A new command adds its rows to `CASES` (one line each).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type AwsSandbox } from "../helpers/aws-env.js";
import { runCli, STACK_FRAME_RE } from "../helpers/cli.js";
import { closedPort } from "../helpers/unresponsive.js";

interface BadInput {
  /** What is wrong, for the test name. */
  what: string;
  args: string[];
  code: 2 | 3 | 5;
  /** What the message must say (the value or flag at fault, or the fix). */
  says: RegExp;
  /** Changes to the sandbox environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
}

const list = (...flags: string[]) => ["ec2", "list", ...flags];

const CASES: BadInput[] = [
  // durations
  { what: "duration abc", args: list("--ttl", "abc"), code: 2, says: /invalid --ttl "abc"/ },
  { what: "duration -5m", args: list("--ttl", "-5m"), code: 2, says: /invalid --ttl "-5m"/ },
  { what: "duration -5m (--ttl=)", args: list("--ttl=-5m"), code: 2, says: /invalid --ttl "-5m"/ },
  { what: "duration 5x", args: list("--ttl", "5x"), code: 2, says: /invalid --ttl "5x"/ },
  { what: "duration empty", args: list("--ttl", ""), code: 2, says: /invalid --ttl ""/ },
  { what: "duration 1.5h", args: list("--ttl", "1.5h"), code: 2, says: /invalid --ttl "1.5h"/ },
  { what: "duration too long", args: list("--ttl", "1000d"), code: 2, says: /longer than/ },
  { what: "duration missing", args: list("--ttl"), code: 2, says: /--ttl <duration>' argument missing/ },
  // regions
  {
    what: "region without number",
    args: ["--region", "us-east", ...list()],
    code: 2,
    says: /invalid region "us-east"/,
  },
  { what: "region in capitals", args: list("--region", "US-EAST-1"), code: 2, says: /invalid region "US-EAST-1"/ },
  {
    what: "region list with a hole",
    args: list("--region", "us-east-1,,eu-west-1"),
    code: 2,
    says: /invalid region ""/,
  },
  { what: "region empty", args: list("--region", ""), code: 2, says: /invalid region ""/ },
  {
    what: "region all mixed with a list",
    args: list("--region", "all,us-east-1"),
    code: 2,
    says: /--region all cannot be combined with other regions/,
  },
  { what: "region with underscores", args: list("--region", "us_east_1"), code: 2, says: /invalid region "us_east_1"/ },
  {
    what: "malformed AWS_REGION",
    args: list(),
    code: 3,
    says: /invalid default region "moon-base"/,
    env: { AWS_REGION: "moon-base" },
  },
  // output formats and levels
  { what: "output xml", args: ["-o", "xml", ...list()], code: 2, says: /--output must be one of json, ndjson, table/ },
  { what: "output in capitals", args: list("--output", "JSON"), code: 2, says: /--output must be one of/ },
  { what: "output missing", args: list("-o"), code: 2, says: /--output <format>' argument missing/ },
  { what: "log level unknown", args: list("--log-level", "loud"), code: 2, says: /--log-level must be one of/ },
  // filters
  { what: "tag without =", args: list("--tag", "team"), code: 2, says: /--tag must be KEY=VALUE, got "team"/ },
  {
    what: "tag with an empty key",
    args: list("--tag", "=payments"),
    code: 2,
    says: /--tag must be KEY=VALUE, got "=payments"/,
  },
  { what: "unknown state", args: list("--state", "sleeping"), code: 2, says: /--state must be one or more of/ },
  // whole numbers
  {
    what: "concurrency 0",
    args: list("--concurrency", "0"),
    code: 2,
    says: /--concurrency must be a whole number from 1 to \d+, got "0"/,
  },
  { what: "concurrency -1", args: list("--concurrency", "-1"), code: 2, says: /--concurrency .* got "-1"/ },
  { what: "concurrency 1.5", args: list("--concurrency", "1.5"), code: 2, says: /--concurrency .* got "1.5"/ },
  { what: "concurrency abc", args: list("--concurrency", "abc"), code: 2, says: /--concurrency .* got "abc"/ },
  {
    what: "max-attempts 0",
    args: list("--max-attempts", "0"),
    code: 2,
    says: /--max-attempts must be a whole number from 1 to \d+, got "0"/,
  },
  { what: "max-attempts -3", args: list("--max-attempts", "-3"), code: 2, says: /--max-attempts .* got "-3"/ },
  {
    what: "max-attempts too many",
    args: list("--max-attempts", "1000"),
    code: 2,
    says: /--max-attempts .* got "1000"/,
  },
  // missing required arguments
  { what: "no command at all", args: [], code: 2, says: /missing command \(one of: .*ec2/ },
  { what: "group without its command", args: ["ec2"], code: 2, says: /missing command for ec2 \(one of: .*list/ },
  {
    what: "group without its command, options only",
    args: ["ec2", "--profile", "bad"],
    code: 2,
    says: /missing command for ec2/,
  },
  { what: "--profile without a value", args: list("--profile"), code: 2, says: /--profile <name>' argument missing/ },
  { what: "--profile empty", args: list("--profile", ""), code: 2, says: /--profile needs a name/ },
  { what: "--out without a value", args: list("--out"), code: 2, says: /--out <file>' argument missing/ },
  { what: "--out empty", args: list("--out", ""), code: 2, says: /--out needs a file name/ },
  { what: "--cache-dir empty", args: list("--cache-dir", ""), code: 2, says: /--cache-dir needs a folder/ },
  // unknown commands, options and arguments
  { what: "unknown command", args: ["ec3", "list"], code: 2, says: /unknown command "ec3" \(one of: .*ec2/ },
  { what: "unknown subcommand", args: ["ec2", "lst"], code: 2, says: /unknown command "lst" for ec2/ },
  { what: "unknown option", args: list("--bogus"), code: 2, says: /unknown option '--bogus'/ },
  {
    what: "unknown global option before the command",
    args: ["--bogus", ...list()],
    code: 2,
    says: /unknown option '--bogus'/,
  },
  { what: "stray argument", args: list("extra"), code: 2, says: /too many arguments for 'list'/ },
  { what: "stray argument to whoami", args: ["whoami", "extra"], code: 2, says: /too many arguments for 'whoami'/ },
  {
    what: "--force with --offline",
    args: list("--force", "--offline"),
    code: 2,
    says: /--force and --offline cannot be used together/,
  },
  // role ARNs and endpoints
  {
    what: "role-arn not an ARN",
    args: ["--role-arn", "Auditor", ...list()],
    code: 2,
    says: /--role-arn must look like arn:aws:iam::123456789012:role\/Name/,
  },
  {
    what: "role-arn short account",
    args: list("--role-arn", "arn:aws:iam::12345:role/Auditor"),
    code: 2,
    says: /--role-arn must look like/,
  },
  {
    what: "role-arn of a user",
    args: list("--role-arn", "arn:aws:iam::123456789012:user/alice"),
    code: 2,
    says: /--role-arn must look like/,
  },
  { what: "role-arn empty", args: list("--role-arn", ""), code: 2, says: /--role-arn must look like/ },
  {
    what: "endpoint-url ftp",
    args: ["--endpoint-url", "ftp://127.0.0.1", ...list()],
    code: 2,
    says: /--endpoint-url must be an http:\/\/ or https:\/\/ URL/,
  },
  {
    what: "endpoint-url not a URL",
    args: list("--endpoint-url", "not a url"),
    code: 2,
    says: /--endpoint-url must be/,
  },
  {
    what: "endpoint-url without a host",
    args: list("--endpoint-url", "http://"),
    code: 2,
    says: /--endpoint-url must be/,
  },
  { what: "endpoint-url empty", args: list("--endpoint-url", ""), code: 2, says: /--endpoint-url must be/ },
  // profiles and configuration
  {
    what: "unknown profile",
    args: list("--profile", "nope"),
    code: 3,
    says: /profile "nope" not found in .*aws-config/,
  },
  {
    what: "unknown profile with a path in it",
    args: list("--profile", "../../x"),
    code: 3,
    says: /profile "..\/..\/x" not found/,
  },
  {
    what: "unknown AWS_PROFILE",
    args: list(),
    code: 3,
    says: /profile "ghost" not found/,
    env: { AWS_PROFILE: "ghost" },
  },
  { what: "no profile at all", args: list(), code: 3, says: /AWS_PROFILE is not set/, env: { AWS_PROFILE: undefined } },
  {
    what: "profile without a region",
    args: list("--profile", "noregion"),
    code: 3,
    says: /no region for profile "noregion"/,
  },
  {
    what: "malformed timeout override",
    args: list(),
    code: 3,
    says: /AWSTRIAGE_CONNECT_TIMEOUT_MS must be a whole number/,
    env: { AWSTRIAGE_CONNECT_TIMEOUT_MS: "-1" },
  },
  {
    what: "SSO login expired",
    args: list("--profile", "sso-expired"),
    code: 3,
    says: /SSO session .*expired[\s\S]*aws sso login --profile sso-expired/,
  },
  {
    what: "ec2 status with a stray argument",
    args: ["ec2", "status", "i-123"],
    code: 2,
    says: /too many arguments for 'status'/,
  },
  {
    what: "ec2 status --all with a value",
    args: ["ec2", "status", "--all=yes"],
    code: 2,
    says: /unknown option '--all=yes'/,
  },
  // lambda, cloudwatch and logs
  {
    what: "window ending before it starts",
    args: ["logs", "search", "/aws/lambda/api", "--since", "1h", "--until", "2h"],
    code: 2,
    says: /the window ends before it starts: --until 2h/,
  },
  {
    what: "window of no length",
    args: ["logs", "search", "/aws/lambda/api", "--since", "1h", "--until", "1h"],
    code: 2,
    says: /the window ends before it starts/,
  },
  {
    what: "logs search with both --newest and --limit",
    args: ["logs", "search", "/aws/lambda/api", "--newest", "5", "--limit", "5"],
    code: 2,
    says: /--newest and --limit cannot be used together/,
  },
  {
    what: "logs search --newest 0",
    args: ["logs", "search", "/g", "--newest", "0"],
    code: 2,
    says: /--newest must be/,
  },
  {
    what: "logs tail over several regions",
    args: ["logs", "tail", "/g", "--region", "us-east-1,eu-west-1"],
    code: 2,
    says: /logs tail follows one region at a time/,
  },
  { what: "logs tail --offline", args: ["logs", "tail", "/g", "--offline"], code: 2, says: /logs tail is live/ },
  { what: "logs tail --out", args: ["logs", "tail", "/g", "--out", "x.json"], code: 2, says: /writes no --out file/ },
  {
    what: "logs tail --out-dir",
    args: ["logs", "tail", "/g", "--out-dir", "d"],
    code: 2,
    says: /writes no --out-dir files/,
  },
  {
    what: "logs tail --since in the future",
    args: ["logs", "tail", "/g", "--since", "2099-01-01"],
    code: 2,
    says: /in the future/,
  },
  {
    what: "logs search without its group",
    args: ["logs", "search"],
    code: 2,
    says: /missing required argument 'group'/,
  },
  {
    what: "logs search with an empty group",
    args: ["logs", "search", ""],
    code: 2,
    says: /GROUP must be a log group name/,
  },
  {
    what: "logs search --limit 0",
    args: ["logs", "search", "/aws/lambda/api", "--limit", "0"],
    code: 2,
    says: /--limit must be a whole number .* got "0"/,
  },
  {
    what: "logs search --since abc",
    args: ["logs", "search", "/aws/lambda/api", "--since", "abc"],
    code: 2,
    says: /invalid --since "abc"/,
  },
  {
    what: "logs insights without --query",
    args: ["logs", "insights", "/aws/lambda/api"],
    code: 2,
    says: /--query is required/,
  },
  {
    what: "logs insights without a group",
    args: ["logs", "insights", "--query", "fields @message"],
    code: 2,
    says: /missing required argument 'groups'/,
  },
  {
    what: "logs insights --timeout 0",
    args: ["logs", "insights", "/aws/lambda/api", "--query", "fields @message", "--timeout", "0"],
    code: 2,
    says: /--timeout must be longer than 0/,
  },
  {
    what: "logs without its command",
    args: ["logs"],
    code: 2,
    says: /missing command for logs \(one of: groups, search, insights, patterns, tail\)/,
  },
  { what: "logs with an unknown command", args: ["logs", "watch"], code: 2, says: /unknown command "watch" for logs/ },
  { what: "logs tail without its group", args: ["logs", "tail"], code: 2, says: /missing required argument 'group'/ },
  {
    what: "cloudwatch metrics without --namespace",
    args: ["cloudwatch", "metrics", "--metric", "Errors"],
    code: 2,
    says: /--namespace is required/,
  },
  {
    what: "cloudwatch metrics without --metric",
    args: ["cloudwatch", "metrics", "--namespace", "AWS/Lambda"],
    code: 2,
    says: /--metric is required/,
  },
  {
    what: "cloudwatch metrics --stat unknown",
    args: ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--stat", "Median"],
    code: 2,
    says: /--stat must be/,
  },
  {
    what: "cloudwatch metrics --period 7s",
    args: ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--period", "7s"],
    code: 2,
    says: /--period must be .* got "7s"/,
  },
  {
    what: "cloudwatch metrics --dimension without =",
    args: ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors", "--dimension", "FunctionName"],
    code: 2,
    says: /--dimension must be KEY=VALUE, got "FunctionName"/,
  },
  {
    what: "cloudwatch alarms --state unknown",
    args: ["cloudwatch", "alarms", "--state", "FIRING"],
    code: 2,
    says: /--state must be one or more of OK, ALARM, INSUFFICIENT_DATA/,
  },
  // triage and diff
  {
    what: "triage --fail-on unknown severity",
    args: ["triage", "--fail-on", "severe"],
    code: 2,
    says: /--fail-on must be one of critical, high, medium, low, info/,
  },
  {
    what: "triage --fail-on without a value",
    args: ["triage", "--fail-on"],
    code: 2,
    says: /--fail-on <severity>' argument missing/,
  },
  { what: "triage --since 5x", args: ["triage", "--since", "5x"], code: 2, says: /invalid --since "5x"/ },
  { what: "diff without its documents", args: ["diff"], code: 2, says: /missing required argument 'old'/ },
  {
    what: "cache ls with a stray argument",
    args: ["cache", "ls", "extra"],
    code: 2,
    says: /too many arguments for 'ls'/,
  },
  {
    what: "cache clear --script unknown",
    args: ["cache", "clear", "--script", "bogus"],
    code: 2,
    says: /--script must be one of sts, ec2, lambda, cloudwatch, logs/,
  },
  {
    what: "lambda metrics --since -5m",
    args: ["lambda", "metrics", "--since", "-5m"],
    code: 2,
    says: /invalid --since "-5m"/,
  },
  {
    what: "lambda list --runtime without a value",
    args: ["lambda", "list", "--runtime"],
    code: 2,
    says: /--runtime <runtimes>' argument missing/,
  },
  // windows: one parser and the same errors for every windowed command (issue 15)
  ...(
    [
      ["lambda", "metrics"],
      ["cloudwatch", "metrics", "--namespace", "AWS/Lambda", "--metric", "Errors"],
      ["logs", "search", "/g"],
      ["logs", "insights", "/g", "--query", "fields @message"],
      ["triage"],
    ] as const
  ).flatMap((command): BadInput[] => [
    {
      what: `${command[0]} ${command[1] ?? ""} starting in the future`,
      args: [...command, "--since", "2099-01-01T00:00:00Z"],
      code: 2,
      says: /--since 2099-01-01T00:00:00Z is in the future/,
    },
    {
      what: `${command[0]} ${command[1] ?? ""} with an absolute window ending before it starts`,
      args: [...command, "--since", "2026-11-30T09:00", "--until", "2026-11-30T08:00"],
      code: 2,
      says: /the window ends before it starts: --until 2026-11-30T08:00 is not after --since 2026-11-30T09:00/,
    },
    {
      what: `${command[0]} ${command[1] ?? ""} with a bad --until`,
      args: [...command, "--until", "2026-13-01"],
      code: 2,
      says: /invalid --until "2026-13-01": no such date or time/,
    },
    {
      what: `${command[0]} ${command[1] ?? ""} starting before CloudWatch's retention`,
      args: [...command, "--since", "2020-01-01"],
      code: 2,
      says: /--since 2020-01-01 is more than 455 days ago/,
    },
  ]),
  // the cache cannot answer
  {
    what: "--offline with an empty cache",
    args: list("--offline"),
    code: 5,
    says: /--offline: no cached ec2\/instances for profile "bad"/,
  },
];

describe("bad input: one or two lines, the right exit code, nothing on stdout, no stack trace", () => {
  let sandbox: AwsSandbox;
  beforeAll(async () => {
    const endpoint = await closedPort();
    sandbox = createSandbox([
      { name: "bad", region: "us-east-1", endpoint },
      { name: "noregion", endpoint },
    ]);
    // An SSO profile whose cached login expired long ago: the SDK stops at the token, offline.
    const startUrl = "https://example.awsapps.com/start";
    appendFileSync(
      sandbox.configFile,
      `\n[profile sso-expired]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\nendpoint_url = ${endpoint}\n`,
    );
    const tokens = join(sandbox.dir, ".aws", "sso", "cache");
    mkdirSync(tokens, { recursive: true });
    writeFileSync(
      join(tokens, `${createHash("sha1").update(startUrl).digest("hex")}.json`),
      JSON.stringify({ startUrl, region: "us-east-1", accessToken: "expired", expiresAt: "2020-01-01T00:00:00Z" }),
    );
  });
  afterAll(() => sandbox?.cleanup());

  it.concurrent.for(CASES)("$what → exit $code", async (c, { expect }) => {
    const env = { ...sandbox.env };
    for (const [key, value] of Object.entries(c.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const result = await runCli(c.args, env, { timeoutMs: 30_000 });
    const lines = result.stderr.trimEnd().split("\n");
    const report = `args ${JSON.stringify(c.args)}\nstderr:\n${result.stderr}`;
    expect(result.code, report).toBe(c.code);
    expect(result.stdout, report).toBe("");
    expect(result.stderr, report).toMatch(c.says);
    expect(lines.length, report).toBeGreaterThanOrEqual(1);
    expect(lines.length, report).toBeLessThanOrEqual(2);
    expect(result.stderr, report).not.toMatch(STACK_FRAME_RE);
    expect(result.stderr, report).not.toMatch(/internal error/);
  });

  it.concurrent.for([
    ["help", "ec2"],
    ["ec2", "help"],
    ["ec2", "--help"],
  ])("asking for help is not bad input: %s %s shows the ec2 usage", async (args, { expect }) => {
    const result = await runCli(args, sandbox.env);
    expect(`${result.stdout}${result.stderr}`).toMatch(/Usage: awstriage ec2 \[options\] \[command\]/);
    expect(result.stderr).not.toMatch(/missing command|unknown command/);
  });
});
