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

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionNode {
  /** `ec2 list`; "" for the program. */
  path: string;
  subcommands: ReadonlyArray<{ name: string; description: string }>;
  flags: readonly string[];
  /** Words a positional argument may be (`completion bash|zsh|fish`). */
  choices?: readonly string[];
  /** Its positional arguments are log group names (completed from the cache). */
  logGroups?: boolean;
  /** Its positional arguments are files (`diff OLD NEW`). */
  files?: boolean;
}

/** The values a flag takes from a fixed list; `path` limits it to one command (`triage --sources`). */
export interface ValueChoice {
  flag: string;
  values: readonly string[];
  path?: string;
  /** Comma-separated lists (`--region a,b`): the word after the last comma is completed. */
  list?: boolean;
}

export interface CompletionTree {
  nodes: readonly CompletionNode[];
  /** Flags followed by a value (`--profile NAME`): the next word is not a command. */
  valueFlags: readonly string[];
  valueChoices: readonly ValueChoice[];
  /** Flags whose value is a file or folder. */
  fileFlags: readonly string[];
  /** The cache root to read log group names from when neither $AWSTRIAGE_CACHE_DIR nor --cache-dir is given. */
  cacheRoot: string;
}

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

/** Single-quoted for sh, bash and zsh. */
export const q = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
/** Single-quoted for fish. */
export const fq = (word: string): string => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The words offered where the word typed does not start with `-`. */
export const wordsOf = (node: CompletionNode): string[] => [
  ...node.subcommands.map((s) => s.name),
  ...(node.choices ?? []),
];

/** `parent|child` for every subcommand: the line moves from parent into child. */
export const steps = (tree: CompletionTree): string[] =>
  tree.nodes.flatMap((n) => n.subcommands.map((s) => `${n.path}|${s.name}`));

/** Profile names from [profile x] and [default] in the config file, [x] in the credentials file. */
export const PROFILES_SED = String.raw`sed -n -e 's/^[[:space:]]*\[profile[[:space:]][[:space:]]*\([^]]*\)\][[:space:]]*$/\1/p' -e 's/^[[:space:]]*\[\([^] ]*\)\][[:space:]]*$/\1/p'`;
export const PROFILES_BODY = `for f in "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"; do
    [ -r "$f" ] && ${PROFILES_SED} "$f"
  done | sort -u`;

/** Log group names in the cached `logs groups` answers; /dev/null keeps grep off stdin when no file matches. */
export const LOG_GROUPS_GREP = String.raw`grep -ho '"logGroupName": *"[^"]*"' /dev/null`;
export const LOG_GROUPS_SED = String.raw`sed -e 's/^"logGroupName": *"//' -e 's/"$//'`;
export const logGroupsBody = (tree: CompletionTree): string =>
  `local root=\${1:-\${AWSTRIAGE_CACHE_DIR:-${q(tree.cacheRoot)}}}
  ${LOG_GROUPS_GREP} "$root"/logs/*/*/groups*.json 2>/dev/null | ${LOG_GROUPS_SED} | sort -u`;

/**
 * The shared sh-family walk over the words before the cursor: `cmdpath` (the command the line
 * is in) and `cachedir` (a --cache-dir given on the line).
 */
export function shWalk(tree: CompletionTree, word: (i: string) => string, first: number, current: string): string {
  const valueFlagCase = tree.valueFlags.map(q).join("|");
  const stepCase = steps(tree).map(q).join("|");
  return `  local cmdpath="" cachedir="" flag="" w i skip=0
  for ((i = ${first}; i < ${current}; i++)); do
    w=${word("i")}
    if ((skip)); then
      skip=0
      [ "$flag" = --cache-dir ] && cachedir=$w
      continue
    fi
    case "$w" in
      ${valueFlagCase}) skip=1; flag=$w ;;
      -*) ;;
      *) case "$cmdpath|$w" in
           ${stepCase}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
         esac ;;
    esac
  done`;
}

/** `case` patterns for a value choice: `'triage|--sources'`, or `*'|--region'` for every command. */
export const choicePattern = (c: ValueChoice): string =>
  c.path === undefined ? `*${q(`|${c.flag}`)}` : q(`${c.path}|${c.flag}`);

/** Path-specific choices first, so `triage --sources` wins over a global `--sources`. */
export const orderedChoices = (tree: CompletionTree): ValueChoice[] => [
  ...tree.valueChoices.filter((c) => c.path !== undefined),
  ...tree.valueChoices.filter((c) => c.path === undefined),
];
