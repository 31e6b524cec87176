/** The executable's entry: process-level wiring only; the logic is in main.ts. */
import { constants } from "node:os";
import { main } from "./main.js";
import { removePendingTempFiles } from "./fs/atomic-write.js";
import { settleStdout, watchStdout } from "./output/stdout.js";
import { offerInterrupt } from "./process/interrupt.js";

/**
 * Ctrl-C (and SIGTERM, or the terminal closing): remove half-written files, then exit with
 * 128 + the signal number like a shell would (130 for Ctrl-C). Nothing is left half written:
 * cache entries and `--out` appear only by an atomic rename of a complete temp file.
 */
function onSignal(signal: "SIGINT" | "SIGTERM" | "SIGHUP"): void {
  // A command that stops cleanly by itself (logs tail --follow) takes Ctrl-C; a second one still ends the run.
  if (signal === "SIGINT" && offerInterrupt()) {
    process.once("SIGINT", onSignal);
    return;
  }
  removePendingTempFiles();
  process.stderr.write(`\nawstriage: ${signal === "SIGINT" ? "interrupted" : `stopped by ${signal}`}\n`);
  process.exit(128 + constants.signals[signal]);
}

// A closed or failing stdout stops printing, not the run (`| head`, `>/dev/full`; see stdout.ts).
watchStdout();
// A closed stderr (`2>&-`, or a reader that went away) loses the messages, never the run or
// its stdout: there is nowhere left to say that stderr failed, so its errors are dropped.
process.stderr.on("error", () => undefined);
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);
process.once("SIGHUP", onSignal);

process.exitCode = settleStdout(await main(process.argv));
