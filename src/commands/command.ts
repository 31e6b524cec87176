/**
 * Helpers every command module uses: a subcommand that accepts the global options too, and
 * the action wrappers that validate options with zod, run the command (through the driver
 * for a data command) and hand the exit code to main.ts.
 */
import type { Command } from "commander";
import { safeParse, type core, type output } from "zod/mini";
import { addGlobalOptions, firstIssue, parseGlobalOptions, type GlobalOptions } from "../options/options.js";
import { UsageError } from "../errors/errors.js";
import { reportExitCode } from "../process/exit-code-channel.js";
import { drive } from "./driver.js";
import type { Collect } from "./open-invocation.js";

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

/** What commander hands an action: the positional arguments, the command's own options, the command. */
async function actionArgs(args: unknown[]) {
  const cmd = args[args.length - 1] as Command;
  const positional = args
    .slice(0, -2)
    .flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
  const globals = parseGlobalOptions(cmd.optsWithGlobals());
  const local = cmd.opts();
  // --bundle: the run reads the bundle offline, with its manifest's profile, regions, window and config.
  if (globals.bundle === undefined) return { cmd, positional, globals, local };
  return { cmd, positional, ...(await (await import("../bundle/apply-bundle.js")).fromBundle(globals, local, cmd)) };
}

/**
 * A data command for commander: merges global options given anywhere on the line and
 * validates them; `prepare` checks the command's own options (exit 2 before anything runs)
 * and returns its `collect`, which the driver runs over every account the flags name.
 */
export function action(
  prepare: (globals: GlobalOptions, local: Record<string, unknown>, args: string[]) => Collect | Promise<Collect>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const { cmd, positional, globals, local } = await actionArgs(args);
    const collect = await prepare(globals, local, positional);
    reportExitCode(cmd, await drive(commandPath(cmd), globals, collect));
  };
}

/** A command that prints for itself (cache, rules, diff, logs tail): one account at most, never a sweep. */
export function ownAction(
  run: (globals: GlobalOptions, local: Record<string, unknown>, args: string[]) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const { cmd, positional, globals, local } = await actionArgs(args);
    if (globals.profiles !== undefined || globals.accounts !== undefined)
      throw new UsageError(
        `--profiles and --accounts do not apply to ${commandPath(cmd)}`,
        "run it for one profile at a time",
      );
    reportExitCode(cmd, await run(globals, local, positional));
  };
}
