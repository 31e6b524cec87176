/**
 * Progress on stderr while a run takes more than a moment. Only on a terminal, never on stdout.
 * The default reporter is silent; `createProgress` returns a live one when stderr is a TTY.
 */
export interface Progress {
  /** A region's work starts; `total` is the number of region tasks in this run. */
  regionStarted(label: string): void;
  /** Items fetched so far for a region (called after each page). */
  items(label: string, count: number): void;
  regionDone(label: string): void;
  /** Clears the line; called before anything else is written to stderr at the end. */
  stop(): void;
}

export const silentProgress: Progress = {
  regionStarted() {},
  items() {},
  regionDone() {},
  stop() {},
};

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr, delayMs = 400): Progress {
  if (!stream.isTTY) return silentProgress;
  const counts = new Map<string, number>();
  let done = 0;
  let shown = false;
  const startedAt = Date.now();
  const render = (): void => {
    if (Date.now() - startedAt < delayMs) return;
    const items = [...counts.values()].reduce((a, b) => a + b, 0);
    const line = `awstriage: ${done}/${total} region task${total === 1 ? "" : "s"} done, ${items} item${items === 1 ? "" : "s"} fetched`;
    stream.write(`\r\x1b[2K${line}`);
    shown = true;
  };
  const timer = setInterval(render, 200);
  timer.unref();
  return {
    regionStarted(label) {
      counts.set(label, counts.get(label) ?? 0);
    },
    items(label, count) {
      counts.set(label, count);
    },
    regionDone() {
      done += 1;
    },
    stop() {
      clearInterval(timer);
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
