/**
 * (i) a simulated sweep of 500 accounts (roles) in one region against a loopback fake endpoint
 * answering every call after 100 ms (bench/fake-endpoint.ts): the wall time against the model
 * of `--concurrency` × latency, and the peak RSS.
 *
 * The model: each account makes k calls one after another (AssumeRole, then its data; k is
 * counted, not assumed), at most C accounts at a time, so the sweep needs ⌈N / C⌉ waves of
 * k × latency each, after the fixed part (start-up and the base profile's work: a one-account
 * sweep minus its calls × latency).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox } from "../test/helpers/aws-env.js";
import { MAX_RSS_HOOK, median, runOk, type Cmd } from "./measure.js";
import { startFakeEndpoint } from "./fake-endpoint.js";
import type { Figure, Setup } from "./figures.js";
import { SWEEP_CONCURRENCY } from "./sweep.js";

export const SWEEP_ACCOUNTS = 500;
export const FAKE_LATENCY_MS = 100;
const REGION = "us-east-1";

const accountsFile = (dir: string, n: number) => {
  const file = join(dir, `accounts-${n}.txt`);
  const lines = Array.from({ length: n }, (_, i) => `arn:aws:iam::${String(300000000000 + i)}:role/triage\tbench-${i}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
};

export async function sweep500(setup: Setup, runs: number): Promise<Figure> {
  const fake = await startFakeEndpoint(FAKE_LATENCY_MS);
  const sandbox = createSandbox([{ name: "bench-fake", region: REGION, endpoint: fake.endpoint }]);
  try {
    const command = (n: number): Cmd => {
      const cmd = setup.cli(
        [
          "ec2",
          "list",
          "-o",
          "json",
          "-q",
          "--region",
          REGION,
          "--force",
          "--accounts",
          accountsFile(sandbox.dir, n),
          "--concurrency",
          String(SWEEP_CONCURRENCY),
        ],
        {},
      );
      return { ...cmd, env: { ...sandbox.env, AWSTRIAGE_REQUEST_TIMEOUT_MS: "600000" } };
    };
    // One account: the fixed part (start, base profile) and the calls one account makes.
    const one = command(1);
    await runOk(one);
    fake.counts.clear();
    const oneTimes: number[] = [];
    for (let i = 0; i < 3; i++) oneTimes.push((await runOk(one)).ms);
    const oneMs = median(oneTimes);
    const perAccount = [...fake.counts.values()].reduce((a, b) => a + b, 0) / 3;
    const full = command(SWEEP_ACCOUNTS);
    fake.counts.clear();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await runOk(full, 600_000)).ms);
    const calls = Object.fromEntries(fake.counts);
    const k = [...fake.counts.values()].reduce((a, b) => a + b, 0) / runs / SWEEP_ACCOUNTS;
    const fixedMs = Math.max(0, oneMs - perAccount * FAKE_LATENCY_MS);
    const modelMs = fixedMs + Math.ceil(SWEEP_ACCOUNTS / SWEEP_CONCURRENCY) * k * FAKE_LATENCY_MS;
    const wallMs = median(times);
    const hooked = await runOk({ ...full, args: ["--import", MAX_RSS_HOOK, ...full.args] }, 600_000);
    const mark = (name: string) => Number(new RegExp(`__awstriage_bench_${name}=(\\d+)`).exec(hooked.stderr)?.[1]);
    const peak = mark("max_rss_kb");
    const cpuMs = mark("cpu_ms");
    return {
      id: "(i) 500 accounts",
      measure: `\`ec2 list --accounts FILE --concurrency ${SWEEP_CONCURRENCY} --force\`: ${SWEEP_ACCOUNTS} accounts (roles), one region, every call answered after ${FAKE_LATENCY_MS} ms by a loopback fake endpoint`,
      against: `the model: fixed part + ⌈${SWEEP_ACCOUNTS} / ${SWEEP_CONCURRENCY}⌉ × k calls per account × ${FAKE_LATENCY_MS} ms`,
      target: "≤ 1.5× the model",
      limit: 1.5,
      value: wallMs / modelMs,
      detail: `wall ${Math.round(wallMs)} ms (median of ${runs}), model ${Math.round(modelMs)} ms (fixed ${Math.round(fixedMs)} ms, k = ${k.toFixed(2)} calls per account: ${JSON.stringify(calls)}); up to ${fake.maxInFlight()} calls in flight; CPU time (user + system) ${Math.round(cpuMs)} ms in a run of ${Math.round(hooked.ms)} ms; peak RSS ${(peak / 1024).toFixed(1)} MB`,
      why: "The model counts only waiting. Each account also costs CPU in one Node process (its credentials, SDK clients, signing and parsing three answers); where that CPU time approaches the wall time (see the detail), the run is bound by CPU, not by the endpoint, and the measured time also carries the machine's load.",
    };
  } finally {
    await fake.close();
    sandbox.cleanup();
  }
}
