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
  // commander drops its implicit `help [command]` once a command has an action; keep it.
  return cmd
    .helpCommand(true)
    .allowExcessArguments(true)
    .action((_options: unknown, self: Command) => {
      const names = self.commands.map((c) => c.name()).join(", ");
      const path = [...ancestry(self)].reverse();
      const under = path.length > 1 ? ` for ${path.slice(1).join(" ")}` : "";
      const [given] = self.args;
      const help = `run \`${path.join(" ")} --help\` for details`;
      if (given === undefined) throw new UsageError(`missing command${under} (one of: ${names})`, help);
      const guess = nearest(
        given,
        self.commands.map((c) => c.name()),
      );
      throw new UsageError(
        `unknown command "${given}"${under} (one of: ${names})`,
        guess === undefined ? help : `did you mean "${guess}"?`,
      );
    });
}

function* ancestry(cmd: Command): Generator<string> {
  for (let current: Command | null = cmd; current !== null; current = current.parent) yield current.name();
}
