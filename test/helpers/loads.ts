/**
 * Which modules a run of the built CLI loads, and which of them are AWS SDK code. The SDK is
 * bundled into chunks of dist/, so "is SDK" is read from esbuild's metafile (dist/meta.json):
 * an output file is SDK code when any of its inputs comes from @aws-sdk/* or @smithy/*.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runCli, type CliResult } from "./cli.js";
import { makeTempDir, removeTempDir } from "./temp-dir.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RECORDER = fileURLToPath(new URL("./load-recorder.mjs", import.meta.url));
const SDK_INPUT = /node_modules\/@(aws-sdk|smithy)\//;

interface Metafile {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }
  >;
}

export function readMetafile(): Metafile {
  return JSON.parse(readFileSync(join(ROOT, "dist", "meta.json"), "utf8")) as Metafile;
}

/** file: URLs of the dist/ files that hold AWS SDK code. */
export function sdkOutputs(meta = readMetafile()): Set<string> {
  const urls = new Set<string>();
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (Object.keys(output.inputs).some((input) => SDK_INPUT.test(input)))
      urls.add(pathToFileURL(resolve(ROOT, file)).href);
  }
  return urls;
}

/** Output files reachable from `entry` through static imports only (what loading it loads). */
export function staticClosure(entry: string, meta = readMetafile()): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    const output = meta.outputs[file];
    if (seen.has(file) || output === undefined) continue;
    seen.add(file);
    for (const imported of output.imports)
      if (imported.kind === "import-statement" && !imported.external) stack.push(imported.path);
  }
  return [...seen];
}

/** A loaded module that is AWS SDK code: a bundled SDK chunk, or a package under node_modules. */
export function isSdkModule(loaded: string, sdk: Set<string>): boolean {
  return sdk.has(loaded) || SDK_INPUT.test(loaded);
}

export async function runRecordingLoads(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ result: CliResult; loaded: string[] }> {
  const dir = makeTempDir("loads");
  const log = join(dir, "loads.txt");
  try {
    const result = await runCli(
      args,
      { ...env, AWSTRIAGE_LOAD_LOG: log },
      { nodeArgs: ["--import", pathToFileURL(RECORDER).href] },
    );
    let text = "";
    try {
      text = readFileSync(log, "utf8");
    } catch {
      // nothing was loaded through either hook
    }
    return { result, loaded: text.split("\n").filter(Boolean) };
  } finally {
    removeTempDir(dir);
  }
}
