/**
 * Wires the commands together; each command lives in its own module under commands/ and
 * exports `register(command)`.
 *
 * A command's module is loaded only when the command line names it. Modules may pull in
 * sizeable dependencies when imported (zod's full API, say), and neither `--help` nor a cache
 * hit of another command should pay for that. Commands that are not named still appear in
 * `awstriage --help`, through a stub carrying their name and description.
 *
 * To add a command, add a line to COMMANDS: its name, arguments and description are written
 * there only, and its module's `register` fills in the rest.
 */
import { Command, Help } from "commander";
import { addGlobalOptions } from "./options/global-flags.js";
import { requireSubcommand } from "./commands/require-subcommand.js";
import { VERSION } from "./version.js";
import { terminalLines } from "./output/terminal-text.js";
import { addHelpEpilogues } from "./help/epilogue.js";

export interface CommandModule {
  /** Adds options, subcommands and the action to the command COMMANDS declares (global options already on it). */
  register(command: Command): void;
}

export interface CommandEntry {
  /** The name, and any arguments, as the module declares them (`diff <old> <new>`). */
  command: string;
  description: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: "whoami",
    description: "show the account, ARN and user id the profile resolves to (STS GetCallerIdentity)",
    load: () => import("./commands/whoami.js"),
  },
  { command: "ec2", description: "EC2 instances", load: () => import("./commands/ec2.js") },
  { command: "lambda", description: "Lambda functions and their metrics", load: () => import("./commands/lambda.js") },
  {
    command: "cloudwatch",
    description: "CloudWatch alarms and metrics",
    load: () => import("./commands/cloudwatch.js"),
  },
  {
    command: "logs",
    description: "CloudWatch Logs: groups, event search, Insights queries",
    load: () => import("./commands/logs.js"),
  },
  {
    command: "triage",
    description:
      "what is wrong in the account: findings with severities from Lambda, alarms, log groups and EC2 status",
    load: () => import("./commands/triage.js"),
  },
  {
    command: "timeline <resource>",
    description: "one resource's metric onsets and peaks, alarm transitions, changes and error lines, in time order",
    load: () => import("./commands/timeline.js"),
  },
  {
    command: "rules",
    description: "list triage's rules: severity, thresholds, source, enabled (after the config file)",
    load: () => import("./commands/rules.js"),
  },
  {
    command: "diff <old> <new>",
    description: "compare two `triage --out` documents: new, resolved and unchanged findings",
    load: () => import("./commands/diff.js"),
  },
  {
    command: "completion <shell>",
    description: "print a shell completion script: bash, zsh or fish (see the README for installing it)",
    load: () => import("./commands/completion.js"),
  },
  {
    command: "bundle",
    description: "evidence bundles: a --out document with its cache entries and config, for --bundle (no AWS)",
    load: () => import("./commands/bundle.js"),
  },
  {
    command: "cache",
    description: "inspect and clear the local cache (no AWS, no credentials)",
    load: () => import("./commands/cache.js"),
  },
];

const nameOf = (entry: CommandEntry): string => entry.command.split(" ")[0] as string;

/**
 * The program for one command line: the modules of the commands `argv` names are loaded and
 * registered, the others are stubs. Without `argv`, every module is loaded.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command("awstriage")
    .description("Triage AWS accounts from the shell: cached, jq-clean JSON for EC2, Lambda, CloudWatch and Logs.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    // Usage errors are printed by main.ts, in the tool's own `awstriage:` form.
    .configureOutput({ writeErr: (text) => process.stderr.write(terminalLines(text)), outputError: () => {} });
  addGlobalOptions(program);
  // A stub carries no options (declaring them costs start-up time); every command takes the
  // global options, so its line in the listing says `[options]` all the same.
  const stubs = new WeakSet<Command>();
  program.configureHelp({
    subcommandTerm(cmd: Command): string {
      const term = Help.prototype.subcommandTerm.call(this, cmd);
      return stubs.has(cmd) ? `${cmd.name()} [options]${term.slice(cmd.name().length)}` : term;
    },
  });
  // Any word of the line that is a command name counts: a false match only loads a module.
  // `completion` describes every command, so its line loads them all, and its module reads the
  // whole tree from the program it is part of (it never imports this module back).
  const words = argv === undefined || argv.includes("completion") ? undefined : new Set(argv.slice(2));
  const wanted = COMMANDS.filter((entry) => words === undefined || words.has(nameOf(entry)));
  const modules = new Map(await Promise.all(wanted.map(async (entry) => [nameOf(entry), await entry.load()] as const)));
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.command).description(entry.description);
    const module = modules.get(nameOf(entry));
    if (module !== undefined) module.register(addGlobalOptions(cmd, { hidden: true }));
    else stubs.add(cmd);
  }
  // commander copies exitOverride/output settings to subcommands created after these calls.
  for (const cmd of allCommands(program)) cmd.exitOverride();
  for (const cmd of [program, ...allCommands(program)]) if (cmd.commands.length > 0) requireSubcommand(cmd);
  addHelpEpilogues(program);
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}
