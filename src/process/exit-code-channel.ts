/**
 * How a command's action hands its exit code to the one top-level handler (main.ts): through
 * the program it belongs to, not a module-global value, so two programs never share one.
 */
import type { Command } from "commander";

const listeners = new WeakMap<Command, (code: number) => void>();

/** Where main.ts receives the exit code of the action that ran. */
export function onExitCode(program: Command, listener: (code: number) => void): void {
  listeners.set(program, listener);
}

/** Called by an action with the exit code it returns. */
export function reportExitCode(cmd: Command, code: number): void {
  let root = cmd;
  while (root.parent !== null) root = root.parent;
  listeners.get(root)?.(code);
}
