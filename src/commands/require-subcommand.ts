/** Missing or unknown subcommands as one line of bad input (exit 2). Loads no zod. */
import type { Command } from "commander";
import { UsageError } from "../errors/errors.js";
import { nearest } from "../help/usage-errors.js";

/**
 * A command that only groups others (the program itself, `ec2`, ...) answers a missing or
 * unknown subcommand with one line and the list, instead of commander's whole help text:
 * bad input gets one or two lines. Call it after the subcommands are registered (commander
 * copies `allowExcessArguments` into subcommands created later).
 */
export function requireSubcommand(cmd: Command): Command {
  addHelpCommand(cmd);
  return cmd.allowExcessArguments(true).action((_options: unknown, self: Command) => {
    const [given] = self.args;
    if (given === undefined) {
      const names = subcommandNames(self).join(", ");
      const path = pathOf(self);
      const under = path.length > 1 ? ` for ${path.slice(1).join(" ")}` : "";
      throw new UsageError(
        `missing command${under} (one of: ${names})`,
        `run \`${path.join(" ")} --help\` for details`,
      );
    }
    throw unknownCommand(self, given, "");
  });
}

/**
 * `help [command…]` in place of commander's own, which prints the whole help of the level
 * above for a typo and exits 0 (`help trage`): here a typo is bad input with a suggestion.
 */
function addHelpCommand(cmd: Command): void {
  cmd.helpCommand(false);
  cmd
    .command("help [command...]")
    .description("display help for command")
    .action((words: string[]) => {
      let target = cmd;
      for (const word of words) {
        const sub = target.commands.find((c) => c.name() === word && c.name() !== "help");
        if (sub === undefined) throw unknownCommand(target, word, "help: ");
        target = sub;
      }
      target.help();
    });
}

function unknownCommand(self: Command, given: string, lead: string): UsageError {
  const names = subcommandNames(self);
  const path = pathOf(self);
  const under = path.length > 1 ? ` for ${path.slice(1).join(" ")}` : "";
  const guess = nearest(given, names);
  return new UsageError(
    `${lead}unknown command "${given}"${under} (one of: ${names.join(", ")})`,
    guess === undefined ? `run \`${path.join(" ")} --help\` for details` : `did you mean "${guess}"?`,
  );
}

/** The commands a person picks from: `help` is how to ask, not one of them. */
function subcommandNames(cmd: Command): string[] {
  return cmd.commands.map((c) => c.name()).filter((n) => n !== "help");
}

function pathOf(cmd: Command): string[] {
  const names: string[] = [];
  for (let current: Command | null = cmd; current !== null; current = current.parent) names.unshift(current.name());
  return names;
}
