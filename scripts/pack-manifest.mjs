/**
 * `npm pack` (and `npm publish`) hooks: the tarball gets a package.json for an installed copy.
 *
 *   prepack:  build dist/, then write the installed copy's package.json (the original is kept
 *             in tmp/package.json.prepack)
 *   postpack: put the original package.json back
 *
 * Why: a clone must build on `npm install`, which needs the `prepare` script. In a tarball that
 * script would be worse than useless: dist/ is already built, the sources and esbuild are not
 * there to build it again, and npm warns about packages with install scripts. So the packed
 * manifest has no scripts. It has no dependencies either: dist/ is an esbuild bundle that
 * contains commander, zod and the AWS SDK (in dist/*.js) and pino (dist/pino.cjs, required on
 * the first line logged; see scripts/build.mjs), so installing the tarball needs no registry at
 * all. test/integration/install.test.ts installs it with npm --offline and runs commands that
 * log. (The same trick as `pinst`, which hides husky's postinstall from packages.)
 *
 * A pack that failed half-way leaves the backup behind; the next prepack starts from it, and
 * `node scripts/pack-manifest.mjs postpack` restores it by hand.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifestPath = `${root}package.json`;
const backupPath = `${root}tmp/package.json.prepack`;

/** What an installed copy needs of package.json: what it is, how to run it, which files. */
const KEPT = [
  "name",
  "version",
  "description",
  "type",
  "license",
  "repository",
  "homepage",
  "bugs",
  "bin",
  "files",
  "engines",
];

export function installedManifest(manifest) {
  return Object.fromEntries(KEPT.filter((key) => key in manifest).map((key) => [key, manifest[key]]));
}

function prepack() {
  const original = existsSync(backupPath) ? readFileSync(backupPath, "utf8") : readFileSync(manifestPath, "utf8");
  const build = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  mkdirSync(`${root}tmp`, { recursive: true });
  writeFileSync(backupPath, original);
  writeFileSync(manifestPath, `${JSON.stringify(installedManifest(JSON.parse(original)), null, 2)}\n`);
}

function postpack() {
  if (!existsSync(backupPath)) return;
  writeFileSync(manifestPath, readFileSync(backupPath, "utf8"));
  rmSync(backupPath);
}

const step = process.argv[2];
if (step === "prepack") prepack();
else if (step === "postpack") postpack();
else if (step !== undefined) {
  process.stderr.write(`pack-manifest: unknown step "${step}" (prepack or postpack)\n`);
  process.exit(2);
}
