/**
 * Bounded concurrency without a dependency: `mapLimit` for fan-out over a known list (regions),
 * and limiters for calls that arrive from anywhere in a run (the provider bounds calls in
 * flight overall and per regional endpoint with them).
 */

/** Maps over items with at most `limit` promises in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** Like mapLimit, but a failure does not stop the others: each result is settled. */
export function mapLimitSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  return mapLimit(items, limit, (item, index) =>
    fn(item, index).then(
      (value): PromiseSettledResult<R> => ({ status: "fulfilled", value }),
      (reason: unknown): PromiseSettledResult<R> => ({ status: "rejected", reason }),
    ),
  );
}

/** Runs functions with at most `limit` of them in flight; the others wait in arrival order. */
export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Functions running now. */
  readonly active: number;
  /** Functions waiting for a slot. */
  readonly waiting: number;
}

export function createLimiter(limit: number): Limiter {
  const max = Math.max(1, limit);
  const queue: Array<() => void> = [];
  let active = 0;
  const release = (): void => {
    const next = queue.shift();
    // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
    if (next !== undefined) next();
    else active -= 1;
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active < max) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** One limiter per key (e.g. per `service@region` endpoint), created on first use. */
export function createKeyedLimiter(limit: number): (key: string) => Limiter {
  const limiters = new Map<string, Limiter>();
  return (key) => {
    let limiter = limiters.get(key);
    if (limiter === undefined) {
      limiter = createLimiter(limit);
      limiters.set(key, limiter);
    }
    return limiter;
  };
}
