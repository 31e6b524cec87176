/** Runs the built CLI (bin/awstriage → dist/) as a user would, capturing everything. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/awstriage", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit, for "ends within a bound" checks only. */
  elapsedMs: number;
}

export interface CliOptions {
  /** The child is killed (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
  /** Run under this umask (octal string, e.g. "000"), through `sh -c 'umask …; exec node …'`. */
  umask?: string;
  /** Options for node itself, before the script (e.g. `--import` a hook). */
  nodeArgs?: string[];
  /** The folder the CLI runs in (the config search starts there). */
  cwd?: string;
}

export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/** Starts the CLI and hands back the child (to signal it) and its eventual result. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, options: CliOptions = {}): CliProcess {
  const started = Date.now();
  const child =
    options.umask === undefined
      ? spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
          env,
          stdio: ["ignore", "pipe", "pipe"],
          cwd: options.cwd,
        })
      : spawn(
          "sh",
          ["-c", `umask ${options.umask}; exec "$0" "$@"`, process.execPath, ...(options.nodeArgs ?? []), BIN, ...args],
          { env, stdio: ["ignore", "pipe", "pipe"], cwd: options.cwd },
        );
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
  return { child, result };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, options: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, env, options).result;
}

/** Parses stdout as the JSON array `-o json` promises; fails the test with the output if not. */
export function jsonOut<T = Record<string, unknown>>(result: CliResult): T[] {
  try {
    return JSON.parse(result.stdout) as T[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
}

/** A stack frame (`at fn (file:line:col)`) anywhere in a text. */
export const STACK_FRAME_RE = /^\s+at .+:\d+:\d+\)?$/m;

/**
 * Starts the CLI, sends `signal` once stderr shows `when` (the run is then surely past its
 * start-up and waiting), or else after `afterMs` (default 5 s: a run that ends by itself has
 * ended by then, even on a loaded machine), and gives its result. Killed by the test (SIGKILL
 * after `timeoutMs`, default 15 s) means the signal was ignored.
 */
export async function signalledCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  signal: NodeJS.Signals,
  options: CliOptions & { afterMs?: number; when?: string } = {},
): Promise<CliResult> {
  const { child, result } = spawnCli(args, env, { timeoutMs: 15_000, ...options });
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    child.kill(signal);
  };
  const timer = setTimeout(send, options.afterMs ?? 5000);
  let seen = "";
  const { when } = options;
  if (when !== undefined)
    child.stderr?.on("data", (d: string) => {
      seen += d;
      if (seen.includes(when)) send();
    });
  const done = await result;
  clearTimeout(timer);
  return done;
}
