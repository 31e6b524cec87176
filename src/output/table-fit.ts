/**
 * Fitting a table to the terminal: which columns stay, and how wide each may be (see
 * table-layouts.ts for the per-command rules, README "Tables on a terminal" for the user's view).
 */
import type { TableLayout } from "./table-layouts.js";
import { displayWidth } from "./terminal-text.js";

/** Without a terminal width to fit (a pipe, a file), a cell is cut at this many columns. */
export const MAX_CELL = 60;
/** A free-text column is not squeezed below this (or its header, or its widest cell if narrower). */
export const MIN_FLEX = 12;
const GAP = 2;

/** How a table is shown: decided once per run from the terminal and the flags. */
export interface TableView {
  /** Terminal columns to fit, or undefined (not a terminal): cells are cut at MAX_CELL. */
  width: number | undefined;
  /** `--wide`: nothing is cut or left out. */
  wide: boolean;
  /** Colour severities and states (see style.ts). */
  color: boolean;
  /** Only one region in play: the region column is left out (the context line names it). */
  singleRegion: boolean;
  /** On a terminal, the moment times are shown relative to (`47m ago`); elsewhere ISO stays. */
  now?: number | undefined;
  /** Sparklines in Unicode blocks (a UTF-8 locale) rather than ASCII. */
  unicode?: boolean | undefined;
}

export const PLAIN_VIEW: TableView = { width: undefined, wide: false, color: false, singleRegion: false };

export interface ColumnPlan {
  /** Indexes of the columns shown, in their original order. */
  keep: number[];
  /** The most display columns each shown column may take (same order as `keep`). */
  limits: number[];
}

/**
 * Plans a table of `names` whose widest cells (header included) are `natural` display
 * columns. Fixed columns keep their natural width; free-text columns give way in the order
 * the layout lists them, each down to MIN_FLEX; when even that is too wide, whole columns
 * go in drop order.
 */
export function planColumns(
  names: readonly string[],
  natural: readonly number[],
  layout: TableLayout | undefined,
  view: TableView,
): ColumnPlan {
  const all = names.map((_, i) => i);
  if (view.wide) return { keep: all, limits: all.map(() => Number.POSITIVE_INFINITY) };
  if (view.width === undefined) return { keep: all, limits: all.map(() => MAX_CELL) };
  const width = view.width;
  // With no layout every column is free text, and the rightmost go first (the first stays).
  const isFlex = (i: number) => (layout === undefined ? true : (layout.flex ?? []).includes(names[i] as string));
  const dropOrder =
    layout === undefined
      ? all.slice(1).reverse()
      : (layout.drop ?? []).map((n) => names.indexOf(n)).filter((i) => i >= 0);
  // A layout's minWidth holds while columns can still be left out; after that, MIN_FLEX.
  let roomy = true;
  const floor = (i: number) => {
    if (!isFlex(i)) return natural[i] ?? 0;
    const least = (roomy ? layout?.minWidth?.[names[i] as string] : undefined) ?? MIN_FLEX;
    return Math.min(natural[i] ?? 0, Math.max(least, displayWidth(names[i] as string)));
  };
  const keep = new Set(all);
  const needed = () => [...keep].reduce((sum, i) => sum + floor(i), 0) + GAP * (keep.size - 1);
  for (const i of dropOrder) {
    if (needed() <= width || keep.size === 1) break;
    keep.delete(i);
  }
  roomy = needed() <= width;
  const kept = all.filter((i) => keep.has(i));
  // Every column starts at its natural width; free text then gives way, in the layout's
  // order (the rightmost first without a layout), each down to its floor at most.
  const limits = new Map(kept.map((i) => [i, natural[i] ?? 0]));
  let over = kept.reduce((sum, i) => sum + (natural[i] ?? 0), 0) + GAP * (kept.length - 1) - width;
  const giveWay =
    layout === undefined
      ? [...kept].reverse()
      : (layout.flex ?? []).map((n) => names.indexOf(n)).filter((i) => keep.has(i));
  for (const i of giveWay) {
    if (over <= 0) break;
    const cut = Math.min(over, (natural[i] ?? 0) - floor(i));
    limits.set(i, (natural[i] ?? 0) - cut);
    over -= cut;
  }
  return { keep: kept, limits: kept.map((i) => limits.get(i) ?? MAX_CELL) };
}
