/** Wires the commands together; each command lives in its own module under commands/. */
import { Command } from "commander";
import { addGlobalOptions } from "./options.js";
import { requireSubcommand } from "./commands/command.js";
import { VERSION } from "./version.js";
import * as whoami from "./commands/whoami.js";
import * as ec2 from "./commands/ec2.js";
import * as lambda from "./commands/lambda.js";
import * as cloudwatch from "./commands/cloudwatch.js";
import * as logs from "./commands/logs.js";
import * as cache from "./commands/cache.js";
import * as diff from "./commands/diff.js";
import * as triage from "./commands/triage.js";

export function buildProgram(): Command {
  const program = new Command("awstriage")
    .description("Triage AWS accounts from the shell: cached, jq-clean JSON for EC2, Lambda, CloudWatch and Logs.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  addGlobalOptions(program);
  whoami.register(program);
  ec2.register(program);
  lambda.register(program);
  cloudwatch.register(program);
  logs.register(program);
  triage.register(program);
  diff.register(program);
  cache.register(program);
  // commander copies exitOverride/output settings to subcommands created after these calls.
  for (const cmd of allCommands(program)) cmd.exitOverride();
  for (const cmd of [program, ...allCommands(program)]) if (cmd.commands.length > 0) requireSubcommand(cmd);
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}
