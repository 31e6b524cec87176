/** The executable's entry: process-level wiring only; the logic is in main.ts. */
import { unlinkSync } from "node:fs";
import { main } from "./main.js";
import { ExitCode } from "./errors.js";
import { pendingTempFiles } from "./cache/temp-files.js";

// The SDK warns on every run under Node 20 that future releases need Node 22; an on-call
// engineer cannot act on that mid-incident, and stderr is for their context. (README says so.)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Ctrl-C: remove half-written cache files, exit 130 like a shell would. */
function onInterrupt(): void {
  for (const temp of pendingTempFiles) {
    try {
      unlinkSync(temp);
    } catch {
      // already renamed or never created
    }
  }
  process.stderr.write("\nawstriage: interrupted\n");
  process.exit(ExitCode.interrupted);
}

// `| head` closing the pipe is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
process.once("SIGINT", onInterrupt);
process.once("SIGTERM", onInterrupt);

process.exitCode = await main(process.argv);
