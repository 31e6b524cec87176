/**
 * Whether anyone still reads stdout, asked without writing to it: `logs tail --follow |
 * grep -m1 ERROR` on a quiet group must end when grep does, not at the next event (a write
 * is the only way a pipe says it is closed, and a quiet group writes nothing).
 *
 * Linux only, from /proc: stdout's pipe (`pipe:[inode]`) is looked up among the open files of
 * the processes this user can see, keeping those opened for reading. Found once at the start
 * (or nothing is watched: another user's reader, `| sudo tee`, is not visible), then the
 * known readers are checked every half second; when none holds the pipe any more, a full scan
 * makes sure no other process took it over (a subshell's child) before saying it is gone.
 * Elsewhere, and for sockets, the next write tells (EPIPE), as before.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const CHECK_MS = 500;
const self = String(process.pid);

/** `pipe:[1234]` when fd 1 is a pipe (on Linux), else undefined. */
function stdoutPipe(): string | undefined {
  try {
    const target = readlinkSync("/proc/self/fd/1");
    return target.startsWith("pipe:") ? target : undefined;
  } catch {
    return undefined;
  }
}

const allPids = (): string[] => readdirSync("/proc").filter((name) => /^\d+$/.test(name));

/** Whether the fd was opened for reading only (fdinfo's flags, access mode O_RDONLY). */
function readsOnly(pid: string, fd: string): boolean {
  const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))?.[1];
  return flags !== undefined && (Number.parseInt(flags, 8) & 0o3) === 0;
}

/** The processes (of `pids`) holding `pipe` open for reading. */
function readersOf(pipe: string, pids: Iterable<string>): Set<string> {
  const readers = new Set<string>();
  for (const pid of pids) {
    if (pid === self) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === pipe && readsOnly(pid, fd)) {
          readers.add(pid);
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return readers;
}

/** Calls `onGone` once nobody reads stdout any more; returns the function that stops watching. */
export function watchStdoutReader(onGone: () => void): () => void {
  const pipe = stdoutPipe();
  if (pipe === undefined) return () => undefined;
  let readers = readersOf(pipe, allPids());
  if (readers.size === 0) return () => undefined;
  const timer = setInterval(() => {
    readers = readersOf(pipe, readers);
    if (readers.size > 0) return;
    readers = readersOf(pipe, allPids());
    if (readers.size > 0) return;
    clearInterval(timer);
    onGone();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
