/** `awstriage bundle create FILE.tar.gz --from REPORT.json`: an evidence bundle (see bundle/bundle.ts). No AWS. */
import type { Command } from "commander";
import { resolve } from "node:path";
import { UsageError } from "../errors/errors.js";
import { writeStderr } from "../output/progress.js";
import { ownAction, subcommand } from "./command.js";

export function register(bundle: Command): void {
  subcommand(
    bundle,
    "create <file>",
    "pack a --out document, exactly the cache entries it used, its config and a sha256 manifest into FILE (tar.gz)",
  )
    .option("--from <report>", "the --out document of the run to bundle (e.g. triage --out report.json)")
    .action(
      ownAction(async (globals, local, [file]) => {
        const from = typeof local.from === "string" ? local.from : undefined;
        if (from === undefined)
          throw new UsageError(
            "bundle create needs --from REPORT.json",
            "run `awstriage triage --out REPORT.json` first, then bundle that document",
          );
        const { createBundle } = await import("../bundle/bundle.js");
        const manifest = createBundle(resolve(file as string), resolve(from), globals.cacheRoot);
        if (!globals.quiet)
          writeStderr(
            `awstriage: bundled ${manifest.files.length} files of ${manifest.command} (profile ${manifest.profile}, ${manifest.regions.join(",")}) into ${file}; open it with --bundle ${file}\n`,
          );
        return 0;
      }),
    );
}
