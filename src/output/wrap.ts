/**
 * Text broken into lines of a terminal's width, at spaces, for the one cell a reader must see
 * whole: a stacked incident row's title (incident-rows.ts) wraps rather than losing its numbers.
 */
import { displayWidth, graphemes, graphemeWidth, truncateToWidth } from "./terminal-text.js";

/** The longest start of `text` within `max` columns, never inside a grapheme. */
function headWithin(text: string, max: number): string {
  let head = "";
  let width = 0;
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g);
    if (width + w > max) break;
    head += g;
    width += w;
  }
  return head;
}

/**
 * `text` (one line, terminal-safe) in at most `maxLines` lines, line i at most `widthOf(i)`
 * columns, broken at the last space that fits (a word wider than a line is cut across lines);
 * the last line ends in `…` when text is left over.
 */
export function wrapToWidth(text: string, widthOf: (line: number) => number, maxLines: number): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest !== "") {
    const width = Math.max(1, widthOf(lines.length));
    if (displayWidth(rest) <= width || lines.length === maxLines - 1) {
      lines.push(truncateToWidth(rest, width));
      break;
    }
    const head = headWithin(rest, width);
    // A break at the space just past the head, else at the head's last space, else mid-word.
    const space = rest[head.length] === " " ? head.length : head.lastIndexOf(" ");
    const cut = space > 0 ? space : Math.max(1, head.length);
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}
