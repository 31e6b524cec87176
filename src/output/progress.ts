/**
 * Progress on stderr while a run takes more than a moment: region tasks done out of the
 * total, and items fetched so far. Only on a terminal, never on stdout: when stderr is a
 * pipe or a file, `createProgress` returns the silent reporter and nothing is ever written.
 *
 * The line is redrawn in place (`\r`, erase line). Anything else written to stderr meanwhile
 * goes through `writeAboveProgress`, which erases the line first; the next tick redraws it.
 */
import { displayWidth, terminalLines, terminalSafe, truncateToWidth } from "./terminal-text.js";

export interface Progress {
  /** `count` more region tasks are planned (one per region of a `perRegion` call). */
  addTasks(count: number): void;
  /** A region task starts. A task nobody planned still counts towards the total. */
  regionStarted(label: string): void;
  /** Items fetched so far by a task (called after each page). */
  items(label: string, count: number): void;
  /** A task finished, successfully or not. */
  regionDone(label: string): void;
  /** Erases the line for good; called before the context line and the records. */
  stop(): void;
}

export const silentProgress: Progress = {
  addTasks() {},
  regionStarted() {},
  items() {},
  regionDone() {},
  stop() {},
};

/** The part of a stream the renderer needs (a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Nothing is drawn before the run is this old: quick runs stay quiet. */
  delayMs?: number;
  intervalMs?: number;
  now?: () => number;
}

export const ERASE_LINE = "\r\x1b[2K";

/** The live renderer, if any, so other stderr writers can clear its line first. */
let active: { stream: ProgressStream; erase(): void; stop(): void } | undefined;

/** Stops the live renderer, if any: before an error ends the run, so its message stands alone. */
export function stopActiveProgress(): void {
  active?.stop();
}

/**
 * The one way human text reaches stderr: made terminal-safe line by line (control characters
 * from AWS text shown escaped, see output/terminal-text.ts), written below a cleared progress
 * line if one is live. test/unit/output/stderr-boundary.test.ts keeps other writers out.
 */
export function writeStderr(text: string): void {
  const first = preamble?.();
  if (first !== undefined) preamble = undefined;
  const safe = terminalLines(first === undefined ? text : `${first}${text}`);
  if (active === undefined) {
    process.stderr.write(safe);
    return;
  }
  active.erase();
  active.stream.write(safe);
}

/** What must come before any other line on stderr, once it is known (see `setStderrPreamble`). */
let preamble: (() => string | undefined) | undefined;

/**
 * Until `line` gives a text, each write to stderr asks it first; the first text it gives goes
 * before that write, once. The freshness line uses it: said before the first warning of a run
 * served from the cache, with every source read by then. `undefined` removes it.
 */
export function setStderrPreamble(line: (() => string | undefined) | undefined): void {
  preamble = line;
}

/** The same as `writeStderr` (the name the log destination uses). */
export const writeAboveProgress = writeStderr;

/** `ec2/instances@eu-west-1` as a person reads it: `ec2/instances eu-west-1`. */
function pendingName(label: string): string {
  const at = label.lastIndexOf("@");
  return at < 0 ? label : `${label.slice(0, at)} ${label.slice(at + 1)}`;
}

/**
 * `awstriage: 3/19 tasks done, 1507 items fetched, waiting on lambda/metrics eu-west-1,
 * logs/groups ap-south-1 +2 more`: as many pending tasks as `width` leaves room for (three
 * without a width), made terminal-safe (region names come from AWS) and cut to fit.
 */
export function progressLine(
  state: { done: number; total: number; items: number; pending?: readonly string[] },
  width?: number,
): string {
  const { done, total, items } = state;
  const head = `awstriage: ${done}/${total} task${total === 1 ? "" : "s"} done, ${items} item${items === 1 ? "" : "s"} fetched`;
  const pending = (state.pending ?? []).map((label) => terminalSafe(pendingName(label)));
  const fits = (text: string) => (width === undefined ? true : displayWidth(text) < width);
  let line = head;
  for (let shown = pending.length; shown > 0; shown--) {
    const more = pending.length - shown;
    const candidate = `${head}, waiting on ${pending.slice(0, shown).join(", ")}${more > 0 ? ` +${more} more` : ""}`;
    if ((width === undefined && shown <= 3) || fits(candidate)) {
      line = candidate;
      break;
    }
  }
  // A line wider than the terminal wraps, and `\r` would then only erase its last part.
  return width !== undefined && width > 1 ? truncateToWidth(line, width - 1) : line;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) return silentProgress;
  const now = options.now ?? Date.now;
  // A second: a quick run (a cache hit, whoami) never draws a line only to erase it.
  const delayMs = options.delayMs ?? 1000;
  const startedAt = now();
  const counts = new Map<string, number>();
  /** Tasks started and not yet done, in the order they started. */
  const pending = new Set<string>();
  let planned = 0;
  let started = 0;
  let done = 0;
  let shown = false;
  let stopped = false;

  const erase = (): void => {
    if (!shown) return;
    stream.write(ERASE_LINE);
    shown = false;
  };
  const render = (): void => {
    if (stopped || now() - startedAt < delayMs) return;
    let items = 0;
    for (const count of counts.values()) items += count;
    const line = progressLine(
      { done, total: Math.max(planned, started), items, pending: [...pending] },
      stream.columns,
    );
    stream.write(`${ERASE_LINE}${line}`);
    shown = true;
  };
  const timer = setInterval(render, options.intervalMs ?? 200);
  timer.unref();
  const self = { stream, erase, stop: (): void => reporter.stop() };
  active = self;

  const reporter: Progress = {
    addTasks(count) {
      planned += count;
    },
    regionStarted(label) {
      started += 1;
      pending.add(label);
      if (!counts.has(label)) counts.set(label, 0);
    },
    items(label, count) {
      counts.set(label, count);
    },
    regionDone(label) {
      done += 1;
      pending.delete(label);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      erase();
      if (active === self) active = undefined;
    },
  };
  return reporter;
}
