/** `awstriage completion bash|zsh|fish`: prints a completion script. No AWS, no credentials, no SDK. */
import type { Command } from "commander";
import { UsageError } from "../errors/errors.js";
import { completionScript, completionTree, SHELLS, type Shell, type ValueChoice } from "../help/completion-scripts.js";
import { reportExitCode } from "../process/exit-code-channel.js";
import { LOG_LEVELS, OUTPUT_FORMATS, PACKAGE_ROOT } from "../options/options.js";
import { SEVERITIES } from "../records/index.js";
import { CACHE_SCRIPTS } from "../cache/entries.js";
import { chooseCacheRoot } from "../cache/root.js";
import { partitionRegions } from "../aws/partition-regions.js";
import { TRIAGE_SOURCE_NAMES } from "../triage/sources.js";
import { HEALTH_SOURCES } from "../health/catalogue.js";
import { TRIAGE_VIEWS } from "./triage.js";

/** The values of the flags that take one from a fixed list (as options.ts and the commands check them). */
function valueChoices(): ValueChoice[] {
  return [
    { flag: "-o", values: OUTPUT_FORMATS },
    { flag: "--output", values: OUTPUT_FORMATS },
    { flag: "--log-level", values: LOG_LEVELS },
    { flag: "--fail-on", values: SEVERITIES },
    { flag: "--script", values: CACHE_SCRIPTS },
    { flag: "--by", values: TRIAGE_VIEWS },
    // The SDK's partition data, read now: the script carries the list, a TAB starts nothing.
    { flag: "--region", values: ["all", ...partitionRegions()], list: true },
    { flag: "--sources", path: "triage", values: TRIAGE_SOURCE_NAMES, list: true },
    { flag: "--sources", path: "cloudwatch health", values: HEALTH_SOURCES, list: true },
  ];
}

/** Flags whose value is a path: the shell's own file completion. */
const FILE_FLAGS = ["--out", "--out-dir", "--cache-dir", "--config", "--accounts"];

export function register(completion: Command): void {
  completion.action(async (shell: string, _options: unknown, cmd: Command) => {
    if (!(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(`completion: unknown shell "${shell}"`, `one of: ${SHELLS.join(", ")}`);
    // The whole program: a line naming `completion` loads every command's module (program.ts),
    // so every subcommand and flag is in the script.
    let full = cmd;
    while (full.parent) full = full.parent;
    // Without $AWSTRIAGE_CACHE_DIR: the root this copy of awstriage would use (a TAB honours the variable).
    const env = { ...process.env, AWSTRIAGE_CACHE_DIR: undefined };
    const tree = completionTree(full, {
      valueChoices: valueChoices(),
      fileFlags: FILE_FLAGS,
      cacheRoot: chooseCacheRoot({ cacheDir: undefined, env, packageRoot: PACKAGE_ROOT }).path,
      argumentChoices: { completion: SHELLS },
      logGroupPaths: ["logs search", "logs insights", "logs tail"],
      filePaths: ["diff"],
    });
    process.stdout.write(completionScript(shell as Shell, tree));
    reportExitCode(cmd, 0);
  });
}
