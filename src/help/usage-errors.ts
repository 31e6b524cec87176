/**
 * Usage errors look the same whoever finds them: commander's own (`error: unknown option
 * '--stat'` and its `(Did you mean --state?)`) become the tool's `awstriage: …` line with a
 * `→` suggestion, and an unknown subcommand gets the nearest name, as commander already
 * gives for options. Loads no zod (bad input on the command line must stay cheap).
 */
import type { CommanderError } from "commander";
import { UsageError } from "../errors/errors.js";

/** commander's codes for help and version output, which are not errors. */
const NOT_ERRORS = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

export function isHelpOrVersion(error: CommanderError): boolean {
  return NOT_ERRORS.has(error.code) && error.exitCode === 0;
}

/** commander's message as the tool's UsageError: no `error: ` lead, its hint as the suggestion. */
export function usageErrorFromCommander(error: CommanderError): UsageError {
  // `awstriage help nosuch`: commander has printed the help of the command above, on stderr.
  if (error.code === "commander.help") return new UsageError("help: no such command (see the list above)");
  const [first = "", ...rest] = error.message.split("\n");
  const message = first.replace(/^error:\s*/, "");
  const hint = rest
    .join(" ")
    .trim()
    .replace(/^\((.*)\)$/, "$1");
  return new UsageError(message, hint === "" ? undefined : hint.replace(/^Did you/, "did you"));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const above = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function isSubsequence(word: string, of: string): boolean {
  let at = 0;
  for (const ch of of) if (ch === word[at]) at++;
  return at === word.length;
}

/**
 * The candidate closest to `word`, if one is close enough to be a typo: at most a third of its
 * length away (as commander judges options), or `word` is the start of exactly one candidate,
 * or its letters appear in order in exactly one.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const starting = candidates.filter((c) => c.startsWith(word));
  if (word.length > 0 && starting.length === 1) return starting[0];
  // Dropped letters (`clr` for clear, `stts` for status): the word's letters, in order, in exactly one name.
  const within = candidates.filter((c) => word.length >= 2 && word[0] === c[0] && isSubsequence(word, c));
  if (within.length === 1) return within[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance && distance <= Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
