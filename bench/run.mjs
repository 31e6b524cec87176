#!/usr/bin/env node
/**
 * `npm run bench`: compiles the benchmark (TypeScript, bench/*.ts, sharing test/helpers) with
 * esbuild into tmp/bench/, then runs it. `npm run bench` has already built dist/.
 * BENCH_QUICK=1 runs a shorter pass with less data.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}tmp/bench`;
await build({
  absWorkingDir: root,
  entryPoints: { main: "bench/main.ts", floor: "bench/floor.ts", "max-rss": "bench/max-rss.ts" },
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Packages stay imports (resolved from node_modules); only the project's own code is bundled.
  packages: "external",
  logLevel: "warning",
});
await import(`${outdir}/main.mjs`);
