/**
 * (g) a sweep of 10 accounts × 3 regions, every AWS answer delayed 250 ms by the loopback
 * proxy, against the same ten accounts run one after another as ten `--role-arn` invocations.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FaultProxy } from "../test/helpers/proxy.js";
import { compare, peakRssKb, runOk, type Cmd } from "./measure.js";
import type { Figure, Setup } from "./figures.js";

/** The `--concurrency` the README recommends for sweeps. */
export const SWEEP_CONCURRENCY = 16;
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/triage`);

export async function sweep(
  setup: Setup,
  profile: string,
  regions: readonly string[],
  latencyMs: number,
  proxy: FaultProxy,
  dir: string,
): Promise<Figure> {
  const file = join(dir, "sweep-accounts.txt");
  writeFileSync(file, `${ACCOUNTS.map((arn, i) => `${arn}\tbench-${i}`).join("\n")}\n`);
  const env = { AWS_PROFILE: profile };
  const base = ["ec2", "list", "-o", "json", "-q", "--region", regions.join(","), "--force"];
  const swept = setup.cli([...base, "--accounts", file, "--concurrency", String(SWEEP_CONCURRENCY)], env);
  const one = setup.cli(base, env);
  const tenInARow: Cmd = {
    label: "ten `ec2 list --role-arn ARN` invocations, one after another",
    file: "sh",
    args: [
      "-c",
      `for arn in ${ACCOUNTS.join(" ")}; do "$0" "$@" --role-arn "$arn" > /dev/null || exit $?; done`,
      one.file,
      ...one.args,
    ],
    env: one.env,
  };
  proxy.reset();
  proxy.setLatency(latencyMs);
  await runOk(swept);
  const assumeRoles = proxy.count("AssumeRole");
  const inFlight = proxy.maxInFlight();
  const c = await compare(swept, tenInARow, { pairs: Math.max(2, setup.coldPairs - 1), warmup: 0 });
  const peak = await peakRssKb(swept, 1);
  proxy.reset();
  return {
    id: "(g) sweep",
    measure: `\`ec2 list --accounts FILE --concurrency ${SWEEP_CONCURRENCY} --force\`: ${ACCOUNTS.length} accounts (roles) × ${regions.length} regions, every AWS answer delayed ${latencyMs} ms by a loopback proxy`,
    against: "the same ten accounts as ten `--role-arn` invocations, one after another",
    target: "≤ 0.3×",
    limit: 0.3,
    value: c.ratio,
    detail: `sweep ${Math.round(c.aMs)} ms, ten invocations ${Math.round(c.bMs)} ms; ${assumeRoles / ACCOUNTS.length} AssumeRole per account; up to ${inFlight} calls in flight; peak RSS ${(peak / 1024).toFixed(1)} MB`,
    why: "Each account still waits for its AssumeRole before its data calls (two round trips in a row), and one process starts once instead of ten times.",
  };
}
