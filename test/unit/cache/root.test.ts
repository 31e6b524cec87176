/** The default cache root: a checkout keeps it in tmp/, an installed copy in the user's XDG cache. */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { chooseCacheRoot, userCacheRoot } from "../../../src/cache/root.js";
import { PACKAGE_ROOT, parseGlobalOptions } from "../../../src/options/options.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";
import { asUser, giveTo, nonRootUser } from "../../helpers/non-root.js";

const ROOT_SOURCE = fileURLToPath(new URL("../../../src/cache/root.ts", import.meta.url));

const home = () => "/home/ada";
const writable = () => true;

describe("chooseCacheRoot", () => {
  it("keeps the cache in tmp/claude_cache of a source checkout", () => {
    const choice = chooseCacheRoot({ packageRoot: "/src/awstriage", env: {}, isWritable: writable, home });
    expect(choice).toMatchObject({ path: "/src/awstriage/tmp/claude_cache", rule: "source checkout" });
  });

  it("uses $XDG_CACHE_HOME/awstriage for a copy under node_modules, writable or not", () => {
    const packageRoot = "/usr/lib/node_modules/awstriage";
    const choice = chooseCacheRoot({ packageRoot, env: { XDG_CACHE_HOME: "/var/xdg" }, isWritable: writable, home });
    expect(choice).toMatchObject({ path: "/var/xdg/awstriage", rule: "installed copy" });
    expect(choice.reason).toMatch(/under node_modules/);
  });

  it("falls back to ~/.cache/awstriage without XDG_CACHE_HOME, and ignores a relative one (XDG spec)", () => {
    const packageRoot = "/opt/x/node_modules/awstriage";
    expect(chooseCacheRoot({ packageRoot, env: {}, home }).path).toBe("/home/ada/.cache/awstriage");
    expect(userCacheRoot({ XDG_CACHE_HOME: "relative/cache" }, home)).toBe("/home/ada/.cache/awstriage");
  });

  it("treats a package folder the user cannot write as installed", () => {
    const choice = chooseCacheRoot({ packageRoot: "/opt/awstriage", env: {}, isWritable: () => false, home });
    expect(choice).toMatchObject({ path: "/home/ada/.cache/awstriage", rule: "installed copy" });
    expect(choice.reason).toMatch(/not writable/);
  });

  it("lets --cache-dir win over AWSTRIAGE_CACHE_DIR, and AWSTRIAGE_CACHE_DIR over both defaults", () => {
    const packageRoot = "/usr/lib/node_modules/awstriage";
    const env = { AWSTRIAGE_CACHE_DIR: "/env/cache", XDG_CACHE_HOME: "/var/xdg" };
    expect(chooseCacheRoot({ packageRoot, env, cacheDir: "/flag/cache", home })).toMatchObject({
      path: "/flag/cache",
      rule: "--cache-dir",
    });
    expect(chooseCacheRoot({ packageRoot, env, home })).toMatchObject({
      path: "/env/cache",
      rule: "AWSTRIAGE_CACHE_DIR",
    });
    // An empty variable is as good as unset.
    expect(chooseCacheRoot({ packageRoot, env: { AWSTRIAGE_CACHE_DIR: "" }, home }).rule).toBe("installed copy");
  });

  it("is what parseGlobalOptions uses (this checkout: tmp/claude_cache)", () => {
    expect(parseGlobalOptions({}, {}).cacheRoot).toBe(join(PACKAGE_ROOT, "tmp", "claude_cache"));
    expect(parseGlobalOptions({}, { AWSTRIAGE_CACHE_DIR: "/env/cache" }).cacheRoot).toBe("/env/cache");
  });
});

/**
 * Root may write anywhere, so as root (this machine, CI) the check runs in a child process of the
 * unprivileged `nobody` (test/helpers/non-root.ts), from chooseCacheRoot bundled into the test's
 * folder; as any other user it runs in this process. Either way it runs: nothing is skipped.
 */
describe("the real writability check", () => {
  let dir = "";
  const { user, missing } = nonRootUser();
  afterEach(() => {
    if (dir) chmodSync(dir, 0o700);
    removeTempDir(dir);
  });

  /** chooseCacheRoot as the user who is not root sees it. */
  async function choose(packageRoot: string, env: NodeJS.ProcessEnv): Promise<{ rule: string; path: string }> {
    if (user === undefined) return chooseCacheRoot({ packageRoot, env });
    const module = join(dir, "root.mjs");
    if (!existsSync(module)) {
      await build({ entryPoints: [ROOT_SOURCE], bundle: true, format: "esm", platform: "node", outfile: module });
      giveTo(user, dir);
    }
    const script = `const { chooseCacheRoot } = await import(${JSON.stringify(pathToFileURL(module).href)}); process.stdout.write(JSON.stringify(chooseCacheRoot(JSON.parse(process.argv[1]))));`;
    const child = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", script, JSON.stringify({ packageRoot, env })],
      {
        encoding: "utf8",
        ...asUser(user),
      },
    );
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout) as { rule: string; path: string };
  }

  it("looks at the nearest folder that exists", async () => {
    expect(missing).toBeUndefined();
    dir = makeTempDir("root");
    mkdirSync(join(dir, "pkg"));
    giveTo(user, dir);
    const env = { XDG_CACHE_HOME: join(dir, "xdg") };
    expect((await choose(join(dir, "pkg"), env)).rule).toBe("source checkout");
    chmodSync(join(dir, "pkg"), 0o500);
    expect(await choose(join(dir, "pkg"), env)).toMatchObject({
      rule: "installed copy",
      path: join(dir, "xdg", "awstriage"),
    });
    chmodSync(join(dir, "pkg"), 0o700);
  });
});
