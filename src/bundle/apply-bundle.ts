/**
 * `--bundle FILE.tar.gz` on a read command: the run reads the bundle's entries offline, with
 * the profile, regions, window and config its manifest records, so nothing has to be guessed
 * or typed (see bundle.ts). Flags given on the line still narrow it (`--region` one of them).
 */
import type { Command } from "commander";
import { UsageError } from "../errors/errors.js";
import type { GlobalOptions } from "../options/options.js";

export async function fromBundle(
  globals: GlobalOptions,
  local: Record<string, unknown>,
  cmd: Command,
): Promise<{ globals: GlobalOptions; local: Record<string, unknown> }> {
  const file = globals.bundle as string;
  if (globals.force) throw new UsageError("--bundle reads only the bundle: it cannot be combined with --force");
  if (globals.profiles !== undefined || globals.accounts !== undefined)
    throw new UsageError("--bundle holds one account's run: it cannot be combined with --profiles or --accounts");
  const { openBundle } = await import("./bundle.js");
  const { manifest, manifestSha256, cacheRoot, configPath, configName } = openBundle(file);
  const takes = (flag: string) => cmd.options.some((o) => o.long === flag);
  const more: Record<string, unknown> = {};
  if (manifest.window !== null && takes("--since") && local.since === undefined) more.since = manifest.window.since;
  if (manifest.window?.until && takes("--until") && local.until === undefined) more.until = manifest.window.until;
  // The run's own judgement: its config file, or none (never a local .awstriage.json).
  if (takes("--config") && local.config === undefined) {
    if (configPath === null) more.noConfig = true;
    else Object.assign(more, { config: configPath, configName });
  }
  return {
    globals: {
      ...globals,
      offline: true,
      bundleManifestSha256: manifestSha256,
      cacheRoot,
      // The bundle's identity, whatever $AWS_PROFILE says on this machine.
      profile: manifest.profile,
      regions: globals.regions ?? manifest.regions,
    },
    local: { ...local, ...more },
  };
}
