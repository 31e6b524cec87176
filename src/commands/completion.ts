/** `awstriage completion bash|zsh|fish`: prints a completion script. No AWS, no credentials, no SDK. */
import type { Command } from "commander";
import { UsageError } from "../errors/errors.js";
import { completionScript, completionTree, SHELLS, type Shell } from "../help/completion-scripts.js";
import { reportExitCode } from "../process/exit-code-channel.js";
import { LOG_LEVELS, OUTPUT_FORMATS } from "../options/options.js";
import { SEVERITIES } from "../records/index.js";
import { CACHE_SCRIPTS } from "../cache/entries.js";

/** The values of the flags that take one from a fixed list (as options.ts and the commands check them). */
const VALUE_CHOICES: Readonly<Record<string, readonly string[]>> = {
  "-o": OUTPUT_FORMATS,
  "--output": OUTPUT_FORMATS,
  "--log-level": LOG_LEVELS,
  "--fail-on": SEVERITIES,
  "--script": CACHE_SCRIPTS,
};

export function register(completion: Command): void {
  completion.action(async (shell: string, _options: unknown, cmd: Command) => {
    if (!(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(`completion: unknown shell "${shell}"`, `one of: ${SHELLS.join(", ")}`);
    // Every command's module, so every subcommand and flag is in the script.
    const { buildProgram } = await import("../program.js");
    const full = await buildProgram();
    process.stdout.write(completionScript(shell as Shell, completionTree(full, VALUE_CHOICES, { completion: SHELLS })));
    reportExitCode(cmd, 0);
  });
}
