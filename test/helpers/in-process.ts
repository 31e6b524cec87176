/**
 * Runs the CLI's `main()` in this process, as `runCli` runs the built CLI in a child: the same
 * arguments and environment, stdout, stderr and the exit code captured. For tests of what a
 * command prints and returns; what needs a process of its own (signals, a terminal, what the
 * build loads, the installed package) still spawns one (cli.ts). The environment is swapped in
 * for the call and restored after, and a call that changes it fails: nothing may write it.
 * Calls are serialised: stdout, stderr and process.env are the process's own.
 */
import { expect } from "vitest";
import type { CliResult } from "./cli.js";

let queue: Promise<unknown> = Promise.resolve();

export function runInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  // `--import` hooks (no-aws-sdk.mjs, the load recorder) work only in a process of their own.
  if (env.NODE_OPTIONS) throw new Error("runInProcess: NODE_OPTIONS needs a process of its own: use runCli");
  const run = queue.then(() => runOnce(args, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { main } = await import("../../src/main.js");
  const saved = process.env;
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stdout = "";
  let stderr = "";
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") queueMicrotask(() => (done as () => void)());
      return true;
    }) as typeof process.stdout.write;
  // As bin/awstriage does before anything loads (vitest sets it for the runner too).
  const given = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env };
  process.env = { ...given };
  process.stdout.write = capture((t) => (stdout += t));
  process.stderr.write = capture((t) => (stderr += t));
  const started = Date.now();
  let code: number;
  let after: NodeJS.ProcessEnv;
  try {
    code = await main(["node", "awstriage", ...args]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    after = process.env;
    process.env = saved;
  }
  // Several accounts share a process (a sweep, a watch): a run must leave the environment as it found it.
  expect(after, "the run changed process.env").toEqual(given);
  return { code, signal: null, stdout, stderr, elapsedMs: Date.now() - started };
}
