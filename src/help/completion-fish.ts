/** The fish completion script (see completion-scripts.ts for what every script does). */
import { type CompletionTree, fq, LOG_GROUPS_GREP, LOG_GROUPS_SED, PROFILES_SED, steps } from "./completion-parts.js";

const functions = (tree: CompletionTree): string[] => [
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
  "function __awstriage_at",
  "    set -l p (__awstriage_path)",
  '    test "$p" = "$argv[1]"',
  "end",
  "",
  "# Names are printed one per line; fish offers command output as literal candidates.",
  "function __awstriage_profiles",
  `    for f in (set -q AWS_CONFIG_FILE; and echo $AWS_CONFIG_FILE; or echo ~/.aws/config) (set -q AWS_SHARED_CREDENTIALS_FILE; and echo $AWS_SHARED_CREDENTIALS_FILE; or echo ~/.aws/credentials)`,
  `        test -r $f; and ${PROFILES_SED} $f`,
  "    end | sort -u",
  "end",
  "",
  "function __awstriage_log_groups",
  "    set -l root $AWSTRIAGE_CACHE_DIR",
  `    test -n "$root"; or set root ${fq(tree.cacheRoot)}`,
  "    set -l at (contains -i -- --cache-dir (commandline -opc))",
  '    test -n "$at"; and set root (commandline -opc)[(math $at + 1)]',
  "    set -l files $root/logs/*/*/groups*.json",
  `    ${LOG_GROUPS_GREP} $files 2>/dev/null | ${LOG_GROUPS_SED} | sort -u`,
  "end",
  "",
  "# A comma-separated list: the words typed before the last comma, then each candidate.",
  "function __awstriage_list",
  "    set -l head (string replace -r '[^,]*$' '' -- (commandline -ct))",
  "    printf '%s\\n' $head$argv",
  "end",
  "",
];

export function fishScript(tree: CompletionTree): string {
  const lines = [
    "# awstriage completion for fish. Save it where fish looks for completions:",
    "#   awstriage completion fish > ~/.config/fish/completions/awstriage.fish",
    ...functions(tree),
    "complete -c awstriage -f",
  ];
  for (const node of tree.nodes) {
    const at = fq(`__awstriage_at ${fq(node.path)}`);
    for (const sub of node.subcommands)
      lines.push(`complete -c awstriage -n ${at} -a ${fq(sub.name)} -d ${fq(shortDescription(sub.description))}`);
    if (node.choices !== undefined) lines.push(`complete -c awstriage -n ${at} -a ${fq(node.choices.join(" "))}`);
    if (node.logGroups) lines.push(`complete -c awstriage -n ${at} -a '(__awstriage_log_groups)'`);
    if (node.files) lines.push(`complete -c awstriage -n ${at} -F`);
  }
  const seen = new Set<string>();
  const global = new Map(tree.valueChoices.filter((c) => c.path === undefined).map((c) => [c.flag, c]));
  for (const node of tree.nodes)
    for (const flag of node.flags) {
      if (seen.has(flag) || !flag.startsWith("--")) continue;
      seen.add(flag);
      const choice = global.get(flag);
      const values =
        flag === "--profile"
          ? " -x -a '(__awstriage_profiles)'"
          : choice !== undefined
            ? ` -x -a ${fq(choice.list ? `(__awstriage_list ${choice.values.join(" ")})` : choice.values.join(" "))}`
            : tree.fileFlags.includes(flag)
              ? " -r -F"
              : tree.valueFlags.includes(flag)
                ? " -x"
                : "";
      lines.push(`complete -c awstriage -l ${flag.slice(2)}${values}`);
    }
  for (const c of tree.valueChoices.filter((v) => v.path !== undefined)) {
    const values = c.list ? `(__awstriage_list ${c.values.join(" ")})` : c.values.join(" ");
    lines.push(
      `complete -c awstriage -n ${fq(`__awstriage_at ${fq(c.path ?? "")}`)} -l ${c.flag.slice(2)} -x -a ${fq(values)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** fish shows descriptions beside each candidate: the description up to its first aside. */
function shortDescription(text: string): string {
  const cut = text.split(/ \(|: |; /)[0] ?? text;
  return cut.length <= 60 ? cut : `${cut.slice(0, cut.lastIndexOf(" ", 57))}...`;
}
