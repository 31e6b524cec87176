/** The default cache root: a checkout keeps it in tmp/, an installed copy in the user's XDG cache. */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chooseCacheRoot, userCacheRoot } from "../../../src/cache/root.js";
import { PACKAGE_ROOT, parseGlobalOptions } from "../../../src/options/options.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

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

describe.skipIf(process.getuid?.() === 0)("the real writability check", () => {
  let dir = "";
  afterEach(() => {
    if (dir) chmodSync(dir, 0o700);
    removeTempDir(dir);
  });

  it("looks at the nearest folder that exists", () => {
    dir = makeTempDir("root");
    mkdirSync(join(dir, "pkg"));
    const env = { XDG_CACHE_HOME: join(dir, "xdg") };
    expect(chooseCacheRoot({ packageRoot: join(dir, "pkg"), env }).rule).toBe("source checkout");
    chmodSync(join(dir, "pkg"), 0o500);
    expect(chooseCacheRoot({ packageRoot: join(dir, "pkg"), env })).toMatchObject({
      rule: "installed copy",
      path: join(dir, "xdg", "awstriage"),
    });
    chmodSync(join(dir, "pkg"), 0o700);
  });
});
