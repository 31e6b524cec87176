/**
 * Helpers every command module uses: a subcommand that accepts the global options too, and
 * an action wrapper that validates options with zod and hands the exit code back to cli.ts.
 */
import type { Command } from "commander";
import type { z } from "zod";
import { addGlobalOptions, firstIssue, parseGlobalOptions, type GlobalOptions } from "../options.js";
import { UsageError } from "../errors.js";

/** Where action handlers leave their exit code for the single top-level handler. */
export const outcome = { exitCode: 0 };

export function subcommand(parent: Command, nameAndArgs: string, description: string): Command {
  return addGlobalOptions(parent.command(nameAndArgs).description(description), { hidden: true });
}

/** A command group (`ec2`, `lambda`...) that also accepts the global options before its leaf. */
export function group(program: Command, name: string, description: string): Command {
  return addGlobalOptions(program.command(name).description(description), { hidden: true });
}

/**
 * A command that only groups others (the program itself, `ec2`, ...) answers a missing or
 * unknown subcommand with one line and the list, instead of commander's whole help text:
 * bad input gets one or two lines. Call it after the subcommands are registered (commander
 * copies `allowExcessArguments` into subcommands created later).
 */
export function requireSubcommand(cmd: Command): Command {
  // commander drops its implicit `help [command]` once a command has an action; keep it.
  return cmd.helpCommand(true).allowExcessArguments(true).action((_options: unknown, self: Command) => {
    const names = self.commands.map((c) => c.name()).join(", ");
    const path = [...ancestry(self)].reverse();
    const under = path.length > 1 ? ` for ${path.slice(1).join(" ")}` : "";
    const [given] = self.args;
    throw new UsageError(
      given === undefined ? `missing command${under} (one of: ${names})` : `unknown command "${given}"${under} (one of: ${names})`,
      `run \`${path.join(" ")} --help\` for details`,
    );
  });
}

function* ancestry(cmd: Command): Generator<string> {
  for (let current: Command | null = cmd; current !== null; current = current.parent) yield current.name();
}

export function parseLocal<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(firstIssue(parsed.error));
  return parsed.data;
}

/**
 * Wraps a command implementation for commander: merges global options given anywhere on
 * the line, validates them, and records the returned exit code.
 */
export function action(
  run: (globals: GlobalOptions, local: Record<string, unknown>, args: string[]) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const positional = args.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
    const merged = cmd.optsWithGlobals();
    outcome.exitCode = await run(parseGlobalOptions(merged), cmd.opts(), positional);
  };
}
