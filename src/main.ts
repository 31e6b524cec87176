/**
 * Parse, run, and turn every outcome into an exit code in one place.
 * Errors become one or two lines on stderr; a stack trace only with --log-level debug/trace.
 */
import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { onExitCode } from "./process/exit-code-channel.js";
import { AwstriageError, ExitCode } from "./errors/errors.js";
import { terminalLines } from "./output/terminal-text.js";
import { isHelpOrVersion, usageErrorFromCommander } from "./help/usage-errors.js";
import { stopActiveProgress } from "./output/progress.js";

function wantsStack(argv: readonly string[]): boolean {
  const i = argv.findIndex((a) => a === "--log-level" || a.startsWith("--log-level="));
  if (i < 0) return false;
  const value = argv[i]?.includes("=") ? argv[i]?.split("=")[1] : argv[i + 1];
  return value === "debug" || value === "trace";
}

export function reportError(
  error: unknown,
  argv: readonly string[],
  writeRaw = (t: string) => process.stderr.write(t),
): number {
  // Error messages quote AWS's text: never let its control characters reach the terminal.
  const write = (t: string) => writeRaw(terminalLines(t));
  if (error instanceof CommanderError) {
    // Help and version text are already printed; commander's own usage errors are not (see
    // program.ts), so they read like every other usage error.
    if (isHelpOrVersion(error)) return ExitCode.ok;
    return reportError(usageErrorFromCommander(error), argv, writeRaw);
  }
  if (error instanceof AwstriageError) {
    write(`awstriage: ${error.message}\n`);
    if (error.suggestion) write(`  → ${error.suggestion}\n`);
    if (wantsStack(argv) && error.cause instanceof Error) write(`${error.cause.stack ?? ""}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`awstriage: internal error: ${message}\n`);
  if (wantsStack(argv) && error instanceof Error) write(`${error.stack ?? ""}\n`);
  else write("  → this is a bug; rerun with --log-level debug for the stack trace and report it\n");
  return ExitCode.internal;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  try {
    const program = await buildProgram(argv);
    onExitCode(program, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    stopActiveProgress();
    return reportError(error, argv);
  }
}
