/**
 * Builds dist/ with esbuild: one ESM entry (dist/cli.js) plus chunks that are loaded only
 * through dynamic import(). Type-checking is separate (`npm run typecheck`, part of `npm test`).
 *
 * Why a bundle: resolving and compiling a few hundred small ESM files (ours, commander,
 * zod, the AWS SDK) costs more start-up time than reading one file, and a cache hit should
 * cost barely more than Node itself. Why splitting: every AWS SDK client, and everything
 * else reached only through `import()`, lands in its own chunk, so a cache hit, `--offline`
 * and `--help` never load it (test/integration/lazy-loading.test.ts checks that, and
 * dist/meta.json records which chunk holds what).
 *
 * Every output file sits directly in dist/: options.ts finds the package root as the
 * parent of the folder its code runs from, whichever chunk that code lands in.
 *
 * pino is bundled too, on its own, as dist/pino.cjs: the logger (src/output/log.ts) loads it
 * synchronously with require() on the first line really logged, which code splitting cannot
 * offer (a chunk is loaded only by an asynchronous import()), and must not evaluate it at
 * start-up. The installed package has no node_modules, so `pino` must be in dist/. awstriage
 * writes to a destination stream and never calls pino.transport(), the one feature that needs
 * files beside the bundle (thread-stream's worker, pino's lib/worker.js); the bundle's code for
 * it is present but never run.
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist`;

// Bundled CommonJS packages (commander) call require() for Node built-ins; ESM has no
// require, so each output file gets one.
const banner =
  'import { createRequire as __awstriageCreateRequire } from "node:module";\nconst require = __awstriageCreateRequire(import.meta.url);';

/**
 * commander requires child_process at load, only to run executable subcommands, which
 * awstriage has none of; loading it pulls in net, dgram and more on every run. Here it is
 * required on first use instead.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules\/commander\//.test(args.importer)
        ? { path: "child_process", namespace: "lazy-builtin" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents:
        'let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require("node:child_process"))[key] });',
      loader: "js",
    }));
  },
};

/**
 * zod re-exports every translation of its messages (`z.locales`) from its core module, which
 * both `zod` and `zod/mini` import. Once any command uses the full `zod`, esbuild keeps them all,
 * in the chunk the two share, so every command would load and compile them. awstriage speaks
 * English only (zod sets its English messages itself), so the re-export is left empty.
 */
const noZodLocaleCatalogue = {
  name: "no-zod-locale-catalogue",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /node_modules\/zod\//.test(args.importer) ? { path: "zod-locales", namespace: "empty" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * The region codes of the SDK's partition data, for src/aws/partition-regions.ts: --region is
 * checked against them before any request, and completion offers them. Read here and written
 * into the bundle (define AWSTRIAGE_REGIONS), because an installed copy has no node_modules to
 * read the SDK's file from. A build against an SDK that moved the file fails here, loudly.
 */
function sdkRegions() {
  const file = `${root}node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js`;
  const text = readFileSync(file, "utf8");
  const { partitions } = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  const regions = partitions.flatMap((p) => Object.keys(p.regions).filter((r) => new RegExp(p.regionRegex).test(r)));
  if (!regions.includes("us-east-1")) throw new Error(`no regions read from ${file}`);
  return [...new Set(regions)].sort();
}

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: "src/cli.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The SDK's ES module builds ("module") bundle smaller than its CommonJS ones.
  mainFields: ["module", "main"],
  chunkNames: "[name]-[hash]",
  banner: { js: banner },
  // Readable stack traces for bug reports: whitespace and syntax are minified, names kept.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  metafile: true,
  plugins: [lazyChildProcessForCommander, noZodLocaleCatalogue],
  define: { AWSTRIAGE_PINO: JSON.stringify("./pino.cjs"), AWSTRIAGE_REGIONS: JSON.stringify(sdkRegions()) },
  logLevel: "warning",
});
await writeFile(`${outdir}/meta.json`, JSON.stringify(result.metafile));

// dist/pino.cjs: what src/output/log.ts requires in place of `pino` (define AWSTRIAGE_PINO above).
await build({
  absWorkingDir: root,
  stdin: { contents: 'module.exports = require("pino");', resolveDir: root, loader: "js" },
  outfile: `${outdir}/pino.cjs`,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
});
