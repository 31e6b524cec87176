/** Column alignment by display width, shared by every table renderer. */
import { paint, type Style } from "./style.js";
import { displayWidth } from "./terminal-text.js";

/** The widest cell of each column, in display columns. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return widths;
}

/**
 * One row of safe, already-cut cells, two spaces apart; the last cell is not padded. A cell's
 * colour (`styleOf`) wraps the text only, so padding is measured on what is visible.
 */
export function alignRow(
  row: readonly string[],
  widths: readonly number[],
  indent = "",
  styleOf?: (column: number, cell: string) => Style | undefined,
): string {
  const last = row.length - 1;
  const cells = row.map((cell, i) => {
    const shown = styleOf === undefined ? cell : paint(cell, styleOf(i, cell));
    return i === last ? shown : shown + " ".repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)));
  });
  return `${indent}${cells.join("  ")}`.trimEnd();
}
