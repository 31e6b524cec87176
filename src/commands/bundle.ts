/**
 * `awstriage bundle create FILE.tar.gz [--from REPORT.json]`: an evidence bundle (see
 * bundle/bundle.ts) of a --out document, or with no --from of the last triage in this cache
 * root (commands/bundle-last-run.ts). No AWS.
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { writeStderr } from "../output/progress.js";
import { ownAction, subcommand } from "./command.js";

export function register(bundle: Command): void {
  subcommand(
    bundle,
    "create <file>",
    "pack the last triage (or a --out document), exactly the cache entries it used, its config and a sha256 manifest into FILE (tar.gz)",
  )
    .option("--from <report>", "the --out document of the run to bundle (default: the last triage in this cache)")
    .action(
      ownAction(async (globals, local, [file]) => {
        const from = typeof local.from === "string" ? local.from : undefined;
        const target = resolve(file as string);
        const { createBundle, packBundle } = await import("../bundle/bundle.js");
        const manifest =
          from !== undefined
            ? createBundle(target, resolve(from), globals.cacheRoot)
            : packBundle(
                target,
                await (await import("./bundle-last-run.js")).lastRunDocument(globals),
                "the last triage",
                globals.cacheRoot,
              );
        if (!globals.quiet)
          writeStderr(
            `awstriage: bundled ${manifest.files.length} files of ${manifest.command} (profile ${manifest.profile}, ${manifest.regions.join(",")}) into ${file}; open it with --bundle ${file}\n`,
          );
        return 0;
      }),
    );
}
