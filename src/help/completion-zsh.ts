/** The zsh completion script (see completion-scripts.ts for what every script does). */
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

const words = (list: readonly string[]): string => list.map(q).join(" ");

export function zshScript(tree: CompletionTree): string {
  const choiceCases = orderedChoices(tree)
    .map((c) => `    ${choicePattern(c)}) ${c.list ? "compset -P '*,'; " : ""}compadd -- ${words(c.values)}; return ;;`)
    .join("\n");
  const flagCases = tree.nodes.map((n) => `      ${q(n.path)}) compadd -- ${words(n.flags)} ;;`).join("\n");
  const wordCases = tree.nodes
    .map((n) => {
      const actions = wordsOf(n).length > 0 ? [`compadd -- ${words(wordsOf(n))}`] : [];
      if (n.logGroups) actions.push(`compadd -- \${(f)"$(_awstriage_log_groups "$cachedir")"}`);
      if (n.files) actions.push("_files");
      return `      ${q(n.path)}) ${actions.length === 0 ? ":" : actions.join("; ")} ;;`;
    })
    .join("\n");
  return `#compdef awstriage
# awstriage completion for zsh. Save it as _awstriage in a folder on $fpath (before compinit):
#   awstriage completion zsh > ~/.zfunc/_awstriage    # with fpath=(~/.zfunc $fpath) in ~/.zshrc
# or load it in this shell:  source <(awstriage completion zsh)

_awstriage_profiles() {
  local f
  ${PROFILES_BODY}
}

_awstriage_log_groups() {
  setopt localoptions nullglob
  ${logGroupsBody(tree)}
}

# Names (profiles, log groups) reach compadd as array elements: data, never evaluated.
_awstriage() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
${shWalk(tree, (i) => `\${words[${i}]}`, 2, "CURRENT")}
  case "$prev" in
    --profile) compadd -- \${(f)"$(_awstriage_profiles)"}; return ;;
    ${tree.fileFlags.map(q).join("|")}) _files; return ;;
  esac
  case "$cmdpath|$prev" in
${choiceCases}
  esac
  case "$prev" in
    ${tree.valueFlags.map(q).join("|")}) return ;;
  esac
  case "$cur" in
    -*) case "$cmdpath" in
${flagCases}
        esac ;;
    *) case "$cmdpath" in
${wordCases}
       esac ;;
  esac
}

if [ "$funcstack[1]" = "_awstriage" ]; then
  _awstriage "$@"
else
  compdef _awstriage awstriage
fi
`;
}
