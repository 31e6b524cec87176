/**
 * What every shell's completion script is built from: the command tree as data and the pieces
 * of shell the bash, zsh and fish scripts share (quoting, the profile and log-group readers, the
 * walk over the words typed). completion-scripts.ts builds the tree and picks the shell; the
 * shells import only this, so nothing imports back up.
 */
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
