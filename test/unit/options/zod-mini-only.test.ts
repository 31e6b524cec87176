/**
 * One zod flavour: every module a command line can load uses zod/mini, never the full `zod`
 * API, which costs a noticeable share of a cache hit to load (see src/options/options.ts). Checked on
 * esbuild's module graph of the CLI, so an import of `zod` (or `zod/v4`) through any path
 * counts, static or through the lazy `import()` of a command module.
 */
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../helpers/loads.js";

/** Where the full API lives: `zod` and `zod/v4` both re-export it from here. */
const FULL_ZOD = /node_modules\/zod\/v4\/classic\//;

/** The module graph of a bundle from `entry`, nothing written; the AWS SDK is left out to keep it quick. */
async function moduleGraph(
  entry: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } },
): Promise<Metafile> {
  const result = await build({
    ...entry,
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*", "@smithy/*"],
    logLevel: "silent",
  });
  return result.metafile;
}

/** Every input reachable from `from` through imports of any kind, not passing through `skip`. */
function reachable(meta: Metafile, from: string, skip: ReadonlySet<string> = new Set()): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const path = stack.pop() as string;
    const input = meta.inputs[path];
    if (seen.has(path) || skip.has(path) || input === undefined) continue;
    seen.add(path);
    for (const imported of input.imports) if (!imported.external) stack.push(imported.path);
  }
  return seen;
}

describe("zod/mini only", () => {
  it("keeps the full zod API out of every module the CLI can load", async () => {
    const meta = await moduleGraph({ entryPoints: ["src/cli.ts"] });
    const loaded = [...reachable(meta, "src/cli.ts")];
    // The walk did follow the lazy command modules into zod: it sees zod/mini.
    expect(loaded).toEqual(
      expect.arrayContaining([
        "src/commands/ec2.ts",
        "src/commands/logs.ts",
        "src/commands/cache.ts",
        "src/rules/diff.ts",
      ]),
    );
    expect(loaded.some((path) => /node_modules\/zod\/v4\/mini\//.test(path))).toBe(true);
    expect(loaded.filter((path) => FULL_ZOD.test(path))).toEqual([]);
  });

  it("would see a module that imports zod (control)", async () => {
    const meta = await moduleGraph({
      stdin: { contents: 'import { z } from "zod";\nconsole.log(z.string());', resolveDir: `${ROOT}src` },
    });
    expect([...reachable(meta, "<stdin>")].some((path) => FULL_ZOD.test(path))).toBe(true);
  });
});
