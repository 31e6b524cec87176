/**
 * The line that says a result came (partly) from the cache, printed first, before the context
 * line, in a form that survives an 80-column terminal: `awstriage: cached 4m12s ago — --force
 * to refetch`. The context line names each source's age too, but at its end, where a narrow
 * terminal cuts it off; inside the TTL a run can show 9 errors where AWS has 59 by now.
 */
import type { Source } from "../cache/store.js";
import { formatAge } from "../time/duration.js";
import type { GlobalOptions } from "../options/options.js";
import { writeAboveProgress } from "./progress.js";

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

/** One line, under 80 columns for ages up to days; undefined when nothing came from the cache. */
export function freshnessLine(sources: readonly Source[], nowMs: number): string | undefined {
  const stale = staleSources(sources);
  if (stale.length === 0) return undefined;
  const oldest = Math.max(...stale.map((s) => s.ageSeconds));
  const partly = stale.length < sources.filter((s) => s.script !== "sts").length;
  // A window that ended "now" when it was fetched ends that long before this run's now.
  const ends = stale.flatMap((s) => (s.windowEnd === undefined ? [] : [Date.parse(s.windowEnd)]));
  const lag = ends.length === 0 ? undefined : nowMs - Math.min(...ends);
  const lagText = lag === undefined || Number.isNaN(lag) ? "" : `, window lags ${formatAge(lag)}`;
  return `awstriage: ${partly ? "partly cached" : "cached"} ${formatAge(oldest * 1000)} ago${lagText} — --force to refetch\n`;
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

/**
 * Says it at the first data source served from the cache, so the line comes before any
 * warning the rest of the run prints (the first line on stderr); `final` covers a run whose
 * only source came later or is the caller's identity (`whoami`).
 */
export class FreshnessNotice {
  private said = false;
  private saidLag = false;

  constructor(
    private readonly silent: boolean,
    private readonly write: (text: string) => void,
  ) {}

  offer(source: Source, nowMs: number): void {
    if (this.said || this.silent || source.script === "sts") return;
    const line = freshnessLine([source], nowMs);
    if (line === undefined) return;
    this.said = true;
    this.saidLag = source.windowEnd !== undefined;
    this.write(line);
  }

  /** At the end (before the context line): the line if not said yet, or the lag of a window met after it. */
  final(sources: readonly Source[], nowMs: number): void {
    if (this.silent) return;
    const line = freshnessLine(sources, nowMs);
    if (line === undefined) return;
    if (!this.said) this.write(line);
    else if (!this.saidLag && line.includes(", window lags "))
      this.write(`awstriage: ${line.slice(line.indexOf("window lags "))}`);
    this.said = true;
    this.saidLag = true;
  }
}

const notices = new WeakMap<GlobalOptions, FreshnessNotice>();

/** The run's notice (one per command line's options; a sweep's accounts stay silent, the sweep says it once). */
export function freshnessNotice(options: GlobalOptions): FreshnessNotice {
  let notice = notices.get(options);
  if (notice === undefined) {
    notice = new FreshnessNotice(options.quiet, writeAboveProgress);
    notices.set(options, notice);
  }
  return notice;
}
