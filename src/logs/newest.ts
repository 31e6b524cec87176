/**
 * The newest N of a stream of items, in memory bounded by 2N whatever the stream's length or
 * order (`logs search --newest`). FilterLogEvents pages are not in time order across streams
 * (moto answers stream by stream), so a plain ring of the last N arrivals would keep the wrong
 * ones; instead items gather up to 2N, then the oldest half is dropped after a sort, which
 * costs O(log N) per item and one pass over the input.
 */
export interface NewestKeeper<T> {
  add(item: T): void;
  /** Items added so far. */
  readonly seen: number;
  /** The most items ever held at once (never more than 2N). */
  readonly peak: number;
  /** The newest N (fewer if fewer were added), oldest first. */
  result(): T[];
}

export function newestKeeper<T>(n: number, compare: (a: T, b: T) => number): NewestKeeper<T> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`newestKeeper needs a whole number above 0, got ${n}`);
  const held: T[] = [];
  let seen = 0;
  let peak = 0;
  const trim = () => {
    held.sort(compare);
    if (held.length > n) held.splice(0, held.length - n);
  };
  return {
    add(item) {
      held.push(item);
      seen++;
      if (held.length > peak) peak = held.length;
      if (held.length >= 2 * n) trim();
    },
    get seen() {
      return seen;
    },
    get peak() {
      return peak;
    },
    result() {
      trim();
      return held;
    },
  };
}
