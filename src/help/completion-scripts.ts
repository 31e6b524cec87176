/**
 * Shell completion scripts, generated from the command tree commander holds, so a new command
 * or flag completes without touching this file. Each script works out which command the line
 * is in (skipping flags and the values they take), then offers that command's subcommands (or
 * its flags, once the word starts with `-`). `--profile` completes the profiles of the AWS
 * config and credentials files, `logs search|insights|tail` the log groups in the cache, both
 * read by the shell itself (`sed`, `grep`): a TAB never starts Node.
 *
 * Names from those files are data (issue 26.5): a profile called `$(touch x)` must be offered,
 * never run. bash gets them one per line through `read -r` and quotes them with `printf %q`
 * (never `compgen -W`, which expands its word list); zsh hands them to `compadd` as array
 * elements; fish takes command output as literal candidates.
 */
import type { Command, Option } from "commander";
import { bashScript } from "./completion-bash.js";
import { fishScript } from "./completion-fish.js";
import { zshScript } from "./completion-zsh.js";
import type { CompletionNode, CompletionTree, ValueChoice } from "./completion-parts.js";

export type { CompletionNode, CompletionTree, ValueChoice } from "./completion-parts.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export interface TreeExtras {
  valueChoices: readonly ValueChoice[];
  fileFlags: readonly string[];
  cacheRoot: string;
  /** Positional words per command path (`completion` → the shells). */
  argumentChoices?: Readonly<Record<string, readonly string[]>>;
  logGroupPaths?: readonly string[];
  filePaths?: readonly string[];
}

const takesValue = (o: Option): boolean => o.required || o.optional;
const flagsOf = (o: Option): string[] => [o.long, o.short].filter((f): f is string => typeof f === "string");

export function completionTree(program: Command, extras: TreeExtras): CompletionTree {
  const nodes: CompletionNode[] = [];
  const valueFlags = new Set<string>();
  const visit = (cmd: Command, path: string): void => {
    for (const option of cmd.options) if (takesValue(option)) for (const f of flagsOf(option)) valueFlags.add(f);
    const subcommands = cmd.commands
      .filter((c) => c.name() !== "help")
      .map((c) => ({ name: c.name(), description: c.description() }));
    const choices = extras.argumentChoices?.[path];
    nodes.push({
      path,
      subcommands,
      flags: [...new Set([...cmd.options.flatMap(flagsOf), "--help"])],
      ...(choices === undefined ? {} : { choices }),
      ...(extras.logGroupPaths?.includes(path) ? { logGroups: true } : {}),
      ...(extras.filePaths?.includes(path) ? { files: true } : {}),
    });
    for (const sub of cmd.commands) visit(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, "");
  return {
    nodes,
    valueFlags: [...valueFlags].sort(),
    valueChoices: extras.valueChoices,
    fileFlags: extras.fileFlags,
    cacheRoot: extras.cacheRoot,
  };
}

export function completionScript(shell: Shell, tree: CompletionTree): string {
  if (shell === "bash") return bashScript(tree);
  if (shell === "zsh") return zshScript(tree);
  return fishScript(tree);
}
