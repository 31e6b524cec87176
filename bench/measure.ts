/**
 * Running commands and summarising timings. A comparison runs A and B alternately
 * (A B A B ...) after warm-up runs, so that whatever else the machine is doing falls on both
 * sides, and reports the median of the per-pair ratios A/B.
 */
import { spawn } from "node:child_process";

export interface Cmd {
  /** How the command reads in the results, e.g. `awstriage ec2 list -o json`. */
  label: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface RunResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** bench/max-rss.ts, compiled beside this file; it writes this marker (keep the two equal). */
export const MAX_RSS_HOOK = new URL("./max-rss.mjs", import.meta.url).href;
const MAX_RSS_MARK = "__awstriage_bench_max_rss_kb=";

/** Runs one command to its end with stdout piped to this process (as `| jq` would read it). */
export function runOnce(cmd: Cmd, timeoutMs = 300_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** Like runOnce, but fails loudly on a non-zero exit: a benchmark of a failing command means nothing. */
export async function runOk(cmd: Cmd, timeoutMs?: number): Promise<RunResult> {
  const result = await runOnce(cmd, timeoutMs);
  if (result.code !== 0) throw new Error(`${cmd.label} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  return result;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** First and third quartiles (nearest rank), to show how much the pairs disagreed. */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  return [at(0.25), at(0.75)];
}

export interface Comparison {
  aMs: number;
  bMs: number;
  ratio: number;
  ratioQuartiles: [number, number];
  pairs: number;
}

export async function compare(
  a: Cmd,
  b: Cmd,
  options: { pairs: number; warmup: number; check?: (a: RunResult, b: RunResult) => void },
): Promise<Comparison> {
  for (let i = 0; i < options.warmup; i++) {
    const [ra, rb] = [await runOk(a), await runOk(b)];
    options.check?.(ra, rb);
  }
  const aMs: number[] = [];
  const bMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < options.pairs; i++) {
    const ra = await runOk(a);
    const rb = await runOk(b);
    aMs.push(ra.ms);
    bMs.push(rb.ms);
    ratios.push(ra.ms / rb.ms);
  }
  return {
    aMs: median(aMs),
    bMs: median(bMs),
    ratio: median(ratios),
    ratioQuartiles: quartiles(ratios),
    pairs: options.pairs,
  };
}

/** Peak RSS (kB) of a Node command, the median of `runs` runs; `cmd.file` must be node. */
export async function peakRssKb(cmd: Cmd, runs: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runOk({ ...cmd, args: ["--import", MAX_RSS_HOOK, ...cmd.args] });
    const mark = result.stderr.lastIndexOf(MAX_RSS_MARK);
    if (mark < 0) throw new Error(`${cmd.label}: no peak RSS reported`);
    values.push(Number.parseInt(result.stderr.slice(mark + MAX_RSS_MARK.length), 10));
  }
  return median(values);
}
