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
 * the layout lists them, each down to MIN_FLEX (the payload last: it gets what is left); when
 * even that is too wide, whole columns go in drop order. Then, while the payload has less
 * than half the width left after the first column (the id), more columns go in drop order.
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
  const indexes = (list: readonly string[] | undefined) =>
    (list ?? []).map((n) => names.indexOf(n)).filter((i) => i >= 0);
  const payload = indexes(layout?.payload);
  const listed = indexes(layout?.flex);
  // Free text of the payload gives way last; its fixed columns (a state, a time) stay whole.
  const textPayload = payload.filter((i) => listed.includes(i));
  const flex = [...listed.filter((i) => !payload.includes(i)), ...textPayload];
  // With no layout every column is free text, and the rightmost go first (the first stays).
  const isFlex = (i: number) => (layout === undefined ? true : flex.includes(i));
  const dropOrder = layout === undefined ? all.slice(1).reverse() : indexes(layout.drop);
  // A layout's minWidth holds while columns can still be left out; after that, MIN_FLEX.
  let roomy = true;
  const floor = (i: number) => {
    if (!isFlex(i)) return natural[i] ?? 0;
    const least = (roomy ? layout?.minWidth?.[names[i] as string] : undefined) ?? MIN_FLEX;
    return Math.min(natural[i] ?? 0, Math.max(least, displayWidth(names[i] as string)));
  };
  const keep = new Set(all);
  const needed = () => [...keep].reduce((sum, i) => sum + floor(i), 0) + GAP * (keep.size - 1);
  const droppable = dropOrder.filter((i) => !payload.includes(i));
  // Only when nothing else is left to leave out does a fixed payload column go (its last first).
  const lastResort = payload.filter((i) => !textPayload.includes(i)).reverse();
  for (const i of [...droppable, ...lastResort]) {
    if (needed() <= width || keep.size === 1) break;
    keep.delete(i);
  }
  roomy = needed() <= width;
  const giveWay = layout === undefined ? [...all].reverse() : flex;
  // The payload gives way first, but only down to its share; then the other free text; then it again.
  const share = (kept: number[]) => {
    const shown = textPayload.filter((i) => kept.includes(i));
    const fixed = payload.filter((i) => kept.includes(i) && !shown.includes(i));
    const left = width - (natural[kept[0] as number] ?? 0) - GAP;
    const rest = left / 2 - fixed.reduce((sum, i) => sum + (natural[i] ?? 0), 0);
    return (i: number) => Math.max(floor(i), Math.min(natural[i] ?? 0, Math.ceil(rest / Math.max(1, shown.length))));
  };
  const plan0 = (kept: number[]) =>
    fitColumns(kept, natural, [...textPayload, ...giveWay], floor, width, textPayload, share(kept));
  let plan = plan0(all.filter((i) => keep.has(i)));
  // The payload's share: at least half of what the id leaves, or all it needs.
  const starved = (p: ColumnPlan) => {
    const at = (i: number) => p.limits[p.keep.indexOf(i)] ?? 0;
    const shown = payload.filter((i) => p.keep.includes(i));
    if (shown.length === 0) return false;
    const left = width - at(p.keep[0] as number) - GAP;
    const got = shown.reduce((sum, i) => sum + at(i), 0);
    const wants = shown.reduce((sum, i) => sum + (natural[i] ?? 0), 0);
    return got < Math.min(wants, Math.floor(left / 2));
  };
  for (const i of droppable) {
    if (!starved(plan)) break;
    if (!keep.has(i) || i === plan.keep[0]) continue;
    keep.delete(i);
    plan = plan0(all.filter((k) => keep.has(k)));
  }
  return cutWidest(plan, names, width);
}

/**
 * The last resort, when the columns kept whole are wider than the terminal on their own (a log
 * group name can be 512 characters): the widest give way, cut with `…`, rather than every row
 * wrapping and the columns after them no longer lining up under their headers.
 */
function cutWidest(plan: ColumnPlan, names: readonly string[], width: number): ColumnPlan {
  const limits = [...plan.limits];
  let over = limits.reduce((sum, w) => sum + w, 0) + GAP * (limits.length - 1) - width;
  while (over > 0) {
    const floorOf = (k: number) => Math.max(MIN_FLEX, displayWidth(names[plan.keep[k] as number] as string));
    const order = limits.map((_, k) => k).filter((k) => (limits[k] as number) > floorOf(k));
    if (order.length === 0) break;
    const widest = order.reduce((a, b) => ((limits[b] as number) > (limits[a] as number) ? b : a));
    const next = Math.max(...order.filter((k) => k !== widest).map((k) => limits[k] as number), floorOf(widest));
    const cut = Math.min(over, Math.max(1, (limits[widest] as number) - next));
    limits[widest] = (limits[widest] as number) - cut;
    over -= cut;
  }
  return { keep: plan.keep, limits };
}

/** Every kept column at its natural width, then free text gives way in `giveWay` order, each down to its floor. */
function fitColumns(
  kept: number[],
  natural: readonly number[],
  giveWay: readonly number[],
  floor: (i: number) => number,
  width: number,
  payload: readonly number[] = [],
  share: (i: number) => number = floor,
): ColumnPlan {
  const limits = new Map(kept.map((i) => [i, natural[i] ?? 0]));
  let over = kept.reduce((sum, i) => sum + (natural[i] ?? 0), 0) + GAP * (kept.length - 1) - width;
  // `giveWay` lists the payload first (down to its share), then every free-text column (payload last).
  giveWay.forEach((i, at) => {
    if (over <= 0 || !limits.has(i)) return;
    const least = at < payload.length ? share(i) : floor(i);
    const cut = Math.max(0, Math.min(over, (limits.get(i) ?? 0) - least));
    limits.set(i, (limits.get(i) ?? 0) - cut);
    over -= cut;
  });
  return { keep: kept, limits: kept.map((i) => limits.get(i) ?? MAX_CELL) };
}
