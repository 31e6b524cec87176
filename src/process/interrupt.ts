/**
 * Ctrl-C for a command that must stop cleanly rather than at once: `logs tail --follow` ends its
 * output on a whole line and lets stdout drain before exiting 130. cli.ts offers each SIGINT here
 * first; with no taker (every other command) it exits at once, as before. A second Ctrl-C while
 * a taker is still stopping exits at once too.
 */
let taker: (() => void) | undefined;

/** Takes the next Ctrl-C; returns the function that gives it back. */
export function takeInterrupt(onInterrupt: () => void): () => void {
  taker = onInterrupt;
  return () => {
    if (taker === onInterrupt) taker = undefined;
  };
}

/** Called by cli.ts on SIGINT: true when a command took it (and will stop by itself). */
export function offerInterrupt(): boolean {
  const current = taker;
  if (current === undefined) return false;
  taker = undefined;
  current();
  return true;
}
