/** Missing or unknown subcommands as one line of bad input (exit 2). Loads no zod. */
import type { Command } from "commander";
import { UsageError } from "../errors.js";

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
      throw new UsageError(
        given === undefined
          ? `missing command${under} (one of: ${names})`
          : `unknown command "${given}"${under} (one of: ${names})`,
        `run \`${path.join(" ")} --help\` for details`,
      );
    });
}

function* ancestry(cmd: Command): Generator<string> {
  for (let current: Command | null = cmd; current !== null; current = current.parent) yield current.name();
}
