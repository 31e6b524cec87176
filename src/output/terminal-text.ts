/**
 * Text on its way to a person's terminal: made harmless, and measured and cut by display width.
 *
 * Strings from AWS (log messages, tag values, alarm reasons) may hold anything, and log lines
 * are often attacker-controlled. Written raw, `ESC[2J` clears the screen, `ESC]0;…BEL` retitles
 * the terminal, OSC 8 plants hyperlinks, a bare CR overwrites what came before, and bidi
 * overrides make a name read differently from what it is. Every human-facing rendering (table
 * cells, the findings table, the context and progress lines, log lines, error messages) passes
 * its text through `terminalSafe` or `terminalLines`; JSON and ndjson never do, since jq users
 * need the exact bytes (and JSON already escapes C0).
 *
 * Each unsafe character is shown as an escape a person can read (`\x1b`, `\x07`, `\u202e`),
 * which also takes the teeth out of every ESC- or C1-introduced sequence (CSI, OSC, DCS, ...):
 * what follows the escaped introducer is plain printable text.
 */
import { eastAsianWidth } from "get-east-asian-width";

/** C0 (tab and newline included; callers decide what they become), DEL, C1, bidi embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function visible(char: string): string {
  if (char === "\t") return " ";
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * One line for a terminal: line breaks and tabs become single spaces (a cell or a line stays one
 * line), every other control or bidi character is shown escaped.
 */
export function terminalSafe(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(/[\t ]*(?:\r?\n)+[\t ]*/g, " ").replace(UNSAFE, visible);
}

/**
 * Several lines for a terminal (a stderr message with its suggestion, a help text): `\n` (and
 * `\r\n`) stay line breaks, everything else as in `terminalSafe`.
 */
export function terminalLines(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(UNSAFE, visible))
    .join("\n");
}

/**
 * A multi-line message (a stack trace) as terminal lines: one per line of the text, each made
 * safe as `terminalSafe` makes a line (a lone CR shown escaped, tabs as spaces), trailing blanks
 * and blank last lines dropped. Always at least one line.
 */
export function messageLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => terminalSafe(line).trimEnd());
  while (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Table cells: a line break (with the blanks around it) becomes one space, so a cell stays one
 * line, then `terminalSafe`. Runs of plain spaces are kept: they can be part of a name
 * (`api  errors` and `api errors` are two alarms).
 */
export function cellSafe(text: string): string {
  return terminalSafe(text.replace(/[\t ]*[\n\v\f\r]+[\t ]*/g, " "));
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
/** A grapheme drawn in no column: combining marks and format characters (ZWJ, ZWSP, variation selectors are marks). */
const ZERO_WIDTH = /^[\p{M}\p{Cf}]+$/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\p{Extended_Pictographic}\ufe0f/u;

let segmenter: Intl.Segmenter | undefined;
export function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Columns one grapheme takes: 2 for wide (CJK, fullwidth) and emoji, 0 for marks on their own, else 1. */
export function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  if (EMOJI_PRESENTATION.test(grapheme)) return 2;
  return eastAsianWidth(grapheme.codePointAt(0) ?? 0x20);
}

/** Columns `text` takes on a terminal (text already made safe: no control characters). */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const g of graphemes(text)) width += graphemeWidth(g);
  return width;
}

/**
 * `text` cut to at most `max` columns, ending in `…` when cut; never inside a grapheme (so never
 * inside a surrogate pair, an emoji ZWJ sequence or a base with its marks).
 */
export function truncateToWidth(text: string, max: number): string {
  if (max <= 0) return "";
  if (PRINTABLE_ASCII.test(text)) return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  if (displayWidth(text) <= max) return text;
  let out = "";
  let width = 0;
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g);
    if (width + w > max - 1) break;
    out += g;
    width += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? text + " ".repeat(gap) : text;
}
