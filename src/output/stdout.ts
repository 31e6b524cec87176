/**
 * stdout as the output step uses it. A closed or failing stdout stops printing, never the run:
 * `--out` is still written, failures still go to stderr, and the exit code is still the run's.
 * - The reader went away (EPIPE, `| head -1`): nothing to say; the run's exit code.
 * - stdout cannot be written (ENOSPC from `>/dev/full`, EIO) or was closed (`>&-`): one line
 *   on stderr at the end, and exit 4 if the run would otherwise have exited 0.
 *
 * `>&-` cannot be seen from a write: Node reopens a closed fd 1 on /dev/null at start-up, and
 * does so read-write, where a shell's `>/dev/null` opens it write-only. That difference is
 * what `closedAtStart` looks for (Linux; elsewhere `>&-` stays silent).
 */
import { readFileSync, readlinkSync } from "node:fs";
import { ExitCode } from "../process/exit-codes.js";
import { writeStderr } from "./progress.js";

const state: { failure: NodeJS.ErrnoException | undefined; waiters: Set<() => void>; probed: boolean } = {
  failure: undefined,
  waiters: new Set(),
  probed: false,
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

/** True when fd 1 is the /dev/null Node opened because the shell closed it (`>&-`). */
export function closedAtStart(fd = 1): boolean {
  try {
    if (readlinkSync(`/proc/self/fd/${fd}`) !== "/dev/null") return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & 0o3) === 0o2; // O_RDWR
  } catch {
    return false;
  }
}

/**
 * What the output step writes records to: process.stdout, except that once it has failed a
 * write is dropped (and says it need not wait), and a wait for 'drain' ends when it fails.
 */
export function stdoutSink(out: NodeJS.WriteStream = process.stdout): NodeJS.WritableStream {
  if (!state.probed) {
    state.probed = true;
    if (out === process.stdout && closedAtStart())
      markFailed(Object.assign(new Error("stdout is closed"), { code: "EBADF" }));
  }
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
  state.probed = false;
}
