/**
 * Preloaded by the benchmark with `node --import`: writes the process's peak resident set
 * size (kB) to stderr as it exits, after a marker the benchmark looks for.
 */
import { writeSync } from "node:fs";

/** bench/measure.ts looks for this marker (keep the two equal). */
const MAX_RSS_MARK = "__awstriage_bench_max_rss_kb=";

process.on("exit", () => {
  writeSync(2, `\n${MAX_RSS_MARK}${process.resourceUsage().maxRSS}\n`);
});
