/** The bash completion script (see completion-scripts.ts for what every script does). */
import {
  type CompletionTree,
  choicePattern,
  logGroupsBody,
  orderedChoices,
  PROFILES_BODY,
  q,
  shWalk,
  wordsOf,
} from "./completion-parts.js";

/** `< <(printf '%s\n' 'a' 'b')`: fixed words fed to _awstriage_add one per line. */
const feed = (words: readonly string[]): string =>
  words.length === 0 ? "< /dev/null" : `< <(printf '%s\\n' ${words.map(q).join(" ")})`;

export function bashScript(tree: CompletionTree): string {
  const choiceCases = orderedChoices(tree)
    .map((c) => `    ${choicePattern(c)}) _awstriage_add "$cur"${c.list ? " list" : ""} ${feed(c.values)}; return 0 ;;`)
    .join("\n");
  const flagCases = tree.nodes.map((n) => `      ${q(n.path)}) _awstriage_add "$cur" ${feed(n.flags)} ;;`).join("\n");
  const wordCases = tree.nodes
    .map((n) => {
      const actions = [`_awstriage_add "$cur" ${feed(wordsOf(n))}`];
      if (n.logGroups) actions.push(`_awstriage_add "$cur" < <(_awstriage_log_groups "$cachedir")`);
      if (n.files) actions.push("compopt -o default 2>/dev/null");
      return `      ${q(n.path)}) ${actions.join("; ")} ;;`;
    })
    .join("\n");
  return `# awstriage completion for bash. Load it in this shell:  source <(awstriage completion bash)
# or for every new one:  awstriage completion bash > ~/.local/share/bash-completion/completions/awstriage
_awstriage_profiles() {
  local f
  ${PROFILES_BODY}
}

_awstriage_log_groups() {
  ${logGroupsBody(tree)}
}

# Adds the candidates read from stdin (one per line) that start with $1 to COMPREPLY, each
# quoted with printf %q: they are data (a profile may be named $(...)), never expanded.
# With "list" as $2, only the word after the last comma of $1 is completed.
_awstriage_add() {
  local cur=$1 head="" w quoted
  if [ "$2" = list ]; then
    case "$cur" in *,*) head=\${cur%,*},; cur=\${cur##*,} ;; esac
  fi
  while IFS= read -r w; do
    [[ -n $w && $w == "$cur"* ]] || continue
    printf -v quoted '%q' "$head$w"
    COMPREPLY+=("$quoted")
  done
}

_awstriage() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
${shWalk(tree, (i) => `\${COMP_WORDS[${i}]}`, 1, "COMP_CWORD")}
  case "$prev" in
    --profile) _awstriage_add "$cur" < <(_awstriage_profiles); return 0 ;;
    ${tree.fileFlags.map(q).join("|")}) compopt -o default 2>/dev/null; return 0 ;;
  esac
  case "$cmdpath|$prev" in
${choiceCases}
  esac
  case "$prev" in
    ${tree.valueFlags.map(q).join("|")}) return 0 ;;
  esac
  # Commands first; flags only once the word starts with -.
  case "$cur" in
    -*) case "$cmdpath" in
${flagCases}
        esac ;;
    *) case "$cmdpath" in
${wordCases}
       esac ;;
  esac
}

complete -F _awstriage awstriage
`;
}
