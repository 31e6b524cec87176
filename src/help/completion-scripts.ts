/**
 * Shell completion scripts, generated from the command tree commander holds, so a new command
 * or flag completes without touching this file. Each script works out which command the line
 * is in (skipping flags and the values they take), then offers that command's subcommands and
 * flags. `--profile` completes the profiles of the AWS config and credentials files, read by
 * the shell itself (`sed`): a TAB never starts Node.
 */
import type { Command, Option } from "commander";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionNode {
  /** `ec2 list`; "" for the program. */
  path: string;
  subcommands: ReadonlyArray<{ name: string; description: string }>;
  flags: readonly string[];
  /** Words a positional argument may be (`completion bash|zsh|fish`). */
  choices?: readonly string[];
}

export interface CompletionTree {
  nodes: readonly CompletionNode[];
  /** Flags followed by a value (`--profile NAME`): the next word is not a command. */
  valueFlags: readonly string[];
  /** Flags whose values are a fixed list (`-o json|ndjson|table`). */
  valueChoices: Readonly<Record<string, readonly string[]>>;
}

const takesValue = (o: Option): boolean => o.required || o.optional;
const flagsOf = (o: Option): string[] => [o.long, o.short].filter((f): f is string => typeof f === "string");

export function completionTree(
  program: Command,
  valueChoices: Readonly<Record<string, readonly string[]>>,
  argumentChoices: Readonly<Record<string, readonly string[]>> = {},
): CompletionTree {
  const nodes: CompletionNode[] = [];
  const valueFlags = new Set<string>();
  const visit = (cmd: Command, path: string): void => {
    for (const option of cmd.options) if (takesValue(option)) for (const f of flagsOf(option)) valueFlags.add(f);
    const subcommands = cmd.commands
      .filter((c) => c.name() !== "help")
      .map((c) => ({ name: c.name(), description: c.description() }));
    const choices = argumentChoices[path];
    nodes.push({
      path,
      subcommands,
      flags: [...new Set([...cmd.options.flatMap(flagsOf), "--help"])],
      ...(choices === undefined ? {} : { choices }),
    });
    for (const sub of cmd.commands) visit(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, "");
  return { nodes, valueFlags: [...valueFlags].sort(), valueChoices };
}

export function completionScript(shell: Shell, tree: CompletionTree): string {
  if (shell === "bash") return bashScript(tree);
  if (shell === "zsh") return zshScript(tree);
  return fishScript(tree);
}

/** Single-quoted for sh, bash, zsh and fish alike (none of the words holds a quote but to be safe). */
const q = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
const fq = (word: string): string => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const wordsOf = (node: CompletionNode): string[] => [
  ...node.subcommands.map((s) => s.name),
  ...(node.choices ?? []),
  ...node.flags,
];

/** `parent|child` for every subcommand: the line moves from parent into child. */
const steps = (tree: CompletionTree): string[] =>
  tree.nodes.flatMap((n) => n.subcommands.map((s) => `${n.path}|${s.name}`));

/** Profile names from [profile x] and [default] in the config file, [x] in the credentials file. */
const PROFILES_SED = String.raw`sed -n -e 's/^[[:space:]]*\[profile[[:space:]][[:space:]]*\([^]]*\)\][[:space:]]*$/\1/p' -e 's/^[[:space:]]*\[\([^] ]*\)\][[:space:]]*$/\1/p'`;
const PROFILES_BODY = `for f in "\${AWS_CONFIG_FILE:-$HOME/.aws/config}" "\${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}"; do
    [ -r "$f" ] && ${PROFILES_SED} "$f"
  done | sort -u`;

/** The shared sh-family logic: find the command path, then the words for it. */
function shBody(tree: CompletionTree, word: (i: string) => string, first: number, current: string): string {
  const valueFlagCase = tree.valueFlags.map(q).join("|");
  const stepCase = steps(tree).map(q).join("|");
  const wordCases = tree.nodes.map((n) => `    ${q(n.path)}) candidates=${q(wordsOf(n).join(" "))} ;;`).join("\n");
  return `  local cmdpath="" w i skip=0 candidates=""
  for ((i = ${first}; i < ${current}; i++)); do
    w=${word("i")}
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      ${valueFlagCase}) skip=1 ;;
      -*) ;;
      *) case "$cmdpath|$w" in
           ${stepCase}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;
         esac ;;
    esac
  done
  case "$cmdpath" in
${wordCases}
  esac`;
}

function bashScript(tree: CompletionTree): string {
  const choiceCases = Object.entries(tree.valueChoices)
    .map(([flag, values]) => `    ${q(flag)}) COMPREPLY=($(compgen -W ${q(values.join(" "))} -- "$cur")); return 0 ;;`)
    .join("\n");
  return `# awstriage completion for bash. Load it in this shell:  source <(awstriage completion bash)
# or for every new one:  awstriage completion bash > ~/.local/share/bash-completion/completions/awstriage
_awstriage_profiles() {
  local f
  ${PROFILES_BODY}
}

_awstriage() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  case "$prev" in
    --profile) COMPREPLY=($(compgen -W "$(_awstriage_profiles)" -- "$cur")); return 0 ;;
${choiceCases}
    --out|--cache-dir) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
  esac
  case "$prev" in
    ${tree.valueFlags.map(q).join("|")}) return 0 ;;
  esac
${shBody(tree, (i) => `\${COMP_WORDS[${i}]}`, 1, "COMP_CWORD")}
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}

complete -o default -F _awstriage awstriage
`;
}

function zshScript(tree: CompletionTree): string {
  const choiceCases = Object.entries(tree.valueChoices)
    .map(([flag, values]) => `    ${q(flag)}) compadd -- ${values.map(q).join(" ")}; return ;;`)
    .join("\n");
  return `#compdef awstriage
# awstriage completion for zsh. Save it as _awstriage in a folder on $fpath (before compinit):
#   awstriage completion zsh > ~/.zfunc/_awstriage    # with fpath=(~/.zfunc $fpath) in ~/.zshrc
# or load it in this shell:  source <(awstriage completion zsh)

_awstriage_profiles() {
  local f
  ${PROFILES_BODY}
}

_awstriage() {
  local prev=\${words[CURRENT-1]}
  case "$prev" in
    --profile) compadd -- \${(f)"$(_awstriage_profiles)"}; return ;;
${choiceCases}
    --out|--cache-dir) _files; return ;;
  esac
  case "$prev" in
    ${tree.valueFlags.map(q).join("|")}) return ;;
  esac
${shBody(tree, (i) => `\${words[${i}]}`, 2, "CURRENT")}
  compadd -- \${=candidates}
}

if [ "$funcstack[1]" = "_awstriage" ]; then
  _awstriage "$@"
else
  compdef _awstriage awstriage
fi
`;
}

function fishScript(tree: CompletionTree): string {
  const lines = [
    "# awstriage completion for fish. Save it where fish looks for completions:",
    "#   awstriage completion fish > ~/.config/fish/completions/awstriage.fish",
    "function __awstriage_path",
    "    set -l cmdpath ''",
    "    set -l skip 0",
    "    for w in (commandline -opc)[2..-1]",
    "        if test $skip = 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        switch $w",
    `            case ${tree.valueFlags.map(fq).join(" ")}`,
    "                set skip 1",
    "            case '-*'",
    "            case '*'",
    '                switch "$cmdpath|$w"',
    `                    case ${steps(tree).map(fq).join(" ")}`,
    '                        if test -z "$cmdpath"',
    "                            set cmdpath $w",
    "                        else",
    '                            set cmdpath "$cmdpath $w"',
    "                        end",
    "                end",
    "        end",
    "    end",
    '    echo "$cmdpath"',
    "end",
    "",
    "function __awstriage_profiles",
    `    for f in (set -q AWS_CONFIG_FILE; and echo $AWS_CONFIG_FILE; or echo ~/.aws/config) (set -q AWS_SHARED_CREDENTIALS_FILE; and echo $AWS_SHARED_CREDENTIALS_FILE; or echo ~/.aws/credentials)`,
    `        test -r $f; and ${PROFILES_SED} $f`,
    "    end | sort -u",
    "end",
    "",
    "function __awstriage_at",
    "    set -l p (__awstriage_path)",
    '    test "$p" = "$argv[1]"',
    "end",
    "",
    "complete -c awstriage -f",
  ];
  for (const node of tree.nodes) {
    const at = fq(`__awstriage_at ${fq(node.path)}`);
    for (const sub of node.subcommands)
      lines.push(`complete -c awstriage -n ${at} -a ${fq(sub.name)} -d ${fq(shortDescription(sub.description))}`);
    if (node.choices !== undefined) lines.push(`complete -c awstriage -n ${at} -a ${fq(node.choices.join(" "))}`);
  }
  const seen = new Set<string>();
  for (const node of tree.nodes)
    for (const flag of node.flags) {
      if (seen.has(flag) || !flag.startsWith("--")) continue;
      seen.add(flag);
      const name = flag.slice(2);
      const values =
        flag === "--profile"
          ? " -x -a '(__awstriage_profiles)'"
          : tree.valueChoices[flag] !== undefined
            ? ` -x -a ${fq((tree.valueChoices[flag] ?? []).join(" "))}`
            : flag === "--out" || flag === "--cache-dir"
              ? " -r -F"
              : tree.valueFlags.includes(flag)
                ? " -x"
                : "";
      lines.push(`complete -c awstriage -l ${name}${values}`);
    }
  return `${lines.join("\n")}\n`;
}

/** fish shows descriptions beside each candidate: the description up to its first aside. */
function shortDescription(text: string): string {
  const cut = text.split(/ \(|: |; /)[0] ?? text;
  return cut.length <= 60 ? cut : `${cut.slice(0, cut.lastIndexOf(" ", 57))}...`;
}
