/**
 * Preloaded by the benchmark with `node --import`: writes the process's peak resident set
 * size (kB) to stderr as it exits, after a marker the benchmark looks for.
 *
 * Linux's VmHWM, not process.resourceUsage().maxRSS: a spawned child's maxRSS starts at the
 * parent's size when it forked (it survives exec), so a large benchmark process would
 * inflate every small figure. VmHWM belongs to the program that is running.
 */
import { readFileSync, writeSync } from "node:fs";

/** bench/measure.ts looks for this marker (keep the two equal). */
const MAX_RSS_MARK = "__awstriage_bench_max_rss_kb=";

function peakKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm?.[1] !== undefined) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** bench/sweep-500.ts reads the process's CPU time (user + system) after this marker. */
const CPU_MARK = "__awstriage_bench_cpu_ms=";

process.on("exit", () => {
  const cpu = process.cpuUsage();
  writeSync(2, `\n${CPU_MARK}${Math.round((cpu.user + cpu.system) / 1000)}\n${MAX_RSS_MARK}${peakKb()}\n`);
});
