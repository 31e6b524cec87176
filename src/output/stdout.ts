/**
 * stdout as the output step uses it. A closed or failing stdout stops printing, never the run:
 * `--out` is still written, failures still go to stderr, and the exit code is still the run's.
 * - The reader went away (EPIPE, `| head -1`): nothing to say; the run's exit code.
 * - stdout cannot be written (ENOSPC from `>/dev/full`, EIO): one line on stderr at the end,
 *   and exit 4 if the run would otherwise have exited 0.
 * - stdout is /dev/null, however it was opened (`>/dev/null`, `1<>/dev/null`, Python's
 *   subprocess.DEVNULL, systemd): the output went where it was sent; the run's exit code.
 *
 * `>&-` is in that last group: Node reopens a closed fd 1 on /dev/null at start-up, read-write,
 * which is exactly what a supervisor's `1<>/dev/null` is, so from inside the process the two
 * cannot be told apart. An earlier check took every read-write /dev/null for `>&-` and failed
 * the supervisors' successful runs with exit 4; refusing the common case to report the rare one
 * was the worse mistake.
 */
import { ExitCode } from "../process/exit-codes.js";
import { writeStderr } from "./progress.js";

const state: { failure: NodeJS.ErrnoException | undefined; waiters: Set<() => void> } = {
  failure: undefined,
  waiters: new Set(),
};

function markFailed(error: unknown): void {
  if (state.failure !== undefined) return;
  state.failure = error as NodeJS.ErrnoException;
  for (const wake of state.waiters) wake();
  state.waiters.clear();
}

/** Called once by cli.ts: an error on stdout is recorded, never thrown. */
export function watchStdout(out: NodeJS.WriteStream = process.stdout): void {
  out.on("error", markFailed);
}

/**
 * What the output step writes records to: process.stdout, except that once it has failed a
 * write is dropped (and says it need not wait), and a wait for 'drain' ends when it fails.
 */
export function stdoutSink(out: NodeJS.WriteStream = process.stdout): NodeJS.WritableStream {
  const sink = {
    write(chunk: string | Uint8Array): boolean {
      if (state.failure !== undefined) return true;
      try {
        return out.write(chunk);
      } catch (error) {
        // A file or device stdout (`>/dev/full`) is written synchronously and throws.
        markFailed(error);
        return true;
      }
    },
    once(event: string, listener: () => void) {
      if (event !== "drain") {
        out.once(event, listener);
        return sink;
      }
      if (state.failure !== undefined) {
        queueMicrotask(listener);
        return sink;
      }
      const done = () => {
        out.off("drain", done);
        state.waiters.delete(done);
        listener();
      };
      out.once("drain", done);
      state.waiters.add(done);
      return sink;
    },
  };
  return sink as unknown as NodeJS.WritableStream;
}

/** The run's exit code after what happened to stdout; says so on stderr when it matters. */
export function settleStdout(code: number, writeErr = writeStderr): number {
  const failure = state.failure;
  if (failure === undefined || failure.code === "EPIPE") return code;
  const why =
    failure.code === "EBADF" ? "stdout is closed" : `could not write to stdout (${failure.code ?? failure.message})`;
  writeErr(`awstriage: ${why}, so the output was not printed\n`);
  return code === ExitCode.ok ? ExitCode.aws : code;
}

/** For tests: forget what happened to stdout. */
export function resetStdoutState(): void {
  state.failure = undefined;
  state.waiters.clear();
}
