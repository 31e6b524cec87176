/**
 * Helpers every command module uses: a subcommand that accepts the global options too, and
 * an action wrapper that validates options with zod and hands the exit code to main.ts.
 */
import type { Command } from "commander";
import { safeParse, type core, type output } from "zod/mini";
import { addGlobalOptions, firstIssue, parseGlobalOptions, type GlobalOptions } from "../options/options.js";
import { UsageError } from "../errors/errors.js";
import { reportExitCode } from "../process/exit-code-channel.js";

/** `ec2 list`, `triage`: the command's names below the program. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** A command under `parent` (`ec2 list`, `cache ls`...) that also accepts the global options. */
export function subcommand(parent: Command, nameAndArgs: string, description: string): Command {
  return addGlobalOptions(parent.command(nameAndArgs).description(description), { hidden: true });
}

/** Validates a command's own options; takes schemas of `zod` and `zod/mini` alike. */
export function parseLocal<S extends core.$ZodType>(schema: S, raw: unknown): output<S> {
  const parsed = safeParse(schema, raw);
  if (!parsed.success) throw new UsageError(firstIssue(parsed.error));
  return parsed.data;
}

/**
 * Wraps a command implementation for commander: merges global options given anywhere on
 * the line, validates them, and hands the exit code it returns to the top-level handler.
 */
export function action(
  run: (globals: GlobalOptions, local: Record<string, unknown>, args: string[]) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const positional = args
      .slice(0, -2)
      .flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
    const globals = parseGlobalOptions(cmd.optsWithGlobals());
    const local = cmd.opts();
    // The sweep's modules load only for a sweep: a single account's cache hit does not pay for them.
    const code =
      globals.profiles !== undefined || globals.accounts !== undefined
        ? await (await import("../sweep/sweep.js")).runSweep(commandPath(cmd), globals, (member) =>
            run(member, local, positional),
          )
        : await run(globals, local, positional);
    reportExitCode(cmd, code);
  };
}
