/** Column alignment by display width, shared by every table renderer. */
import { displayWidth, padToWidth } from "./terminal-text.js";

/** The widest cell of each column, in display columns. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return widths;
}

/** One row of safe, already-cut cells, two spaces apart; the last cell is not padded. */
export function alignRow(row: readonly string[], widths: readonly number[], indent = ""): string {
  const cells = row.map((cell, i) => (i === row.length - 1 ? cell : padToWidth(cell, widths[i] ?? 0)));
  return `${indent}${cells.join("  ")}`.trimEnd();
}

/** Rows aligned on their own widest cells, one line each. */
export function alignRows(rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(rows);
  return rows.map((row) => `${alignRow(row, widths)}\n`).join("");
}
