/**
 * The line that says a result came (partly) from the cache, printed first, before the context
 * line, in a form that survives an 80-column terminal: `awstriage: cached 4m12s ago — --force
 * to refetch`. The context line names each source's age too, but at its end, where a narrow
 * terminal cuts it off; inside the TTL a run can show 9 errors where AWS has 59 by now.
 * Offline (`--offline`, `--bundle`), where `--force` is refused, it says `(offline)` instead.
 */
import type { Source } from "../cache/store.js";
import { formatAge } from "../time/duration.js";
import { setStderrPreamble, writeStderr } from "./progress.js";

/**
 * The sources that make the result older than the run: entries served from the cache, not
 * those of a closed window (their data cannot change). The caller's identity (sts) counts
 * only when it is all there is (`whoami`).
 */
function staleSources(sources: readonly Source[]): Source[] {
  const data = sources.filter((s) => s.script !== "sts");
  const considered = data.length > 0 ? data : sources;
  return considered.filter((s) => s.fromCache && s.immutable !== true);
}

/** What follows the age: the way to fresh data, where there is one. */
const wayOut = (offline: boolean) => (offline ? " (offline)" : " — --force to refetch");

/** One line, under 80 columns for ages up to days; undefined when nothing came from the cache. */
export function freshnessLine(sources: readonly Source[], nowMs: number, offline = false): string | undefined {
  const stale = staleSources(sources);
  if (stale.length === 0) return undefined;
  const oldest = Math.max(...stale.map((s) => s.ageSeconds));
  const partly = stale.length < sources.filter((s) => s.script !== "sts").length;
  // A window that ended "now" when it was fetched ends that long before this run's now.
  const ends = stale.flatMap((s) => (s.windowEnd === undefined ? [] : [Date.parse(s.windowEnd)]));
  const lag = ends.length === 0 ? undefined : nowMs - Math.min(...ends);
  const lagText = lag === undefined || Number.isNaN(lag) ? "" : `, window lags ${formatAge(lag)}`;
  return `awstriage: ${partly ? "partly cached" : "cached"} ${formatAge(oldest * 1000)} ago${lagText}${wayOut(offline)}\n`;
}

/** A document's sources as `path@fetchedAt` keys (what a `--out` document records). */
export function sourceKeys(sources: ReadonlyArray<{ path: string; fetchedAt: string }>): Set<string> {
  return new Set(sources.map((s) => `${s.path}@${s.fetchedAt}`));
}

/** Every source of `newer` was already in `older`: nothing was fetched between the two documents. */
export function sameFetch(
  older: ReadonlyArray<{ path: string; fetchedAt: string }>,
  newer: ReadonlyArray<{ path: string; fetchedAt: string }>,
): boolean {
  if (newer.length === 0) return false;
  const before = sourceKeys(older);
  return [...sourceKeys(newer)].every((k) => before.has(k));
}

/** The data sources of a run (the caller's identity apart: `whoami`'s is said at the end). */
const dataSources = (sources: readonly Source[]) => sources.filter((s) => s.script !== "sts");

/**
 * A sweep's line: how many accounts' data came (partly) from the cache and the oldest entry,
 * `awstriage: 3/5 accounts cached, oldest 4m12s — --force to refetch`. `soFar` while
 * accounts are still running (the count is then a lower bound). Within 80 columns: the lag
 * of a window is added only where it fits.
 */
export function sweepFreshnessLine(
  accounts: ReadonlyArray<readonly Source[]>,
  total: number,
  nowMs: number,
  soFar = false,
  offline = false,
): string | undefined {
  const stale = accounts.map((sources) => staleSources(dataSources(sources))).filter((s) => s.length > 0);
  if (stale.length === 0) return undefined;
  const all = stale.flat();
  const oldest = formatAge(Math.max(...all.map((s) => s.ageSeconds)) * 1000);
  const ends = all.flatMap((s) => (s.windowEnd === undefined ? [] : [Date.parse(s.windowEnd)]));
  const lag = ends.length === 0 ? Number.NaN : nowMs - Math.min(...ends);
  const head = `awstriage: ${stale.length}/${total} accounts cached${soFar ? " so far" : ""}, oldest ${oldest}`;
  const tail = wayOut(offline);
  const withLag = `${head}, window lags ${formatAge(lag)}${tail}`;
  return `${Number.isNaN(lag) || withLag.length > 80 ? `${head}${tail}` : withLag}\n`;
}

/**
 * Says the freshness line first on stderr: before the first warning or note of the run, with
 * the sources read by then (output/progress.ts, `setStderrPreamble`), else at the end, before
 * the context line. `final` adds what the early line could not know yet.
 */
export class FreshnessNotice {
  /** The line said before the end, if one was. */
  private early: string | undefined;

  constructor(
    private readonly silent: boolean,
    private readonly write: (text: string) => void,
  ) {}

  /** From now on, the first write to stderr is preceded by `soFar()`'s line, once it has one. */
  watch(soFar: () => string | undefined): void {
    if (this.silent) return;
    setStderrPreamble(() => {
      this.early = soFar();
      return this.early;
    });
  }

  /** No more early line (the run ended, or failed: its error stands alone). */
  stop(): void {
    setStderrPreamble(undefined);
  }

  /**
   * At the end (before the context line): the line, if nothing was said yet; else what
   * `more` finds the early line lacked (a window's lag met later, a sweep's full count).
   */
  final(line: string | undefined, more: (early: string, line: string) => string | undefined = lagAfter): void {
    this.stop();
    if (this.silent || line === undefined) return;
    const text = this.early === undefined ? line : more(this.early, line);
    this.early = line;
    if (text !== undefined) this.write(text);
  }
}

/** The lag of a window met after the early line was said (the line without it had gone out). */
function lagAfter(early: string, line: string): string | undefined {
  const at = line.indexOf("window lags ");
  return at < 0 || early.includes("window lags ") ? undefined : `awstriage: ${line.slice(at)}`;
}

/** A sweep's early line counted the accounts done by then: the full count follows. */
export function sweepCountAfter(early: string, line: string): string | undefined {
  return early.includes(" so far,") && early !== line ? line : undefined;
}

/** One account's notice: its line from the invocation's sources as they arrive. */
export function watchFreshness(
  quiet: boolean,
  sources: () => readonly Source[],
  now: () => number,
  offline = false,
): FreshnessNotice {
  const notice = new FreshnessNotice(quiet, writeStderr);
  notice.watch(() => {
    const data = dataSources(sources());
    return data.length === 0 ? undefined : freshnessLine(data, now(), offline);
  });
  return notice;
}
