/**
 * Where the cache lives when nobody said, and which rule chose it (`awstriage cache path`
 * prints the rule on stderr).
 *
 * Run from a source checkout, the cache stays in the checkout (`tmp/claude_cache/`), beside
 * the code that wrote it. An installed copy must not keep it inside the package: a global
 * install is often not writable by the user who runs it, and reinstalling or upgrading
 * replaces the package folder, cache and all, which is exactly the data someone re-analyses
 * after an incident. So an installed copy (its package root under a `node_modules` folder,
 * or a package root the user cannot write) uses the per-user cache folder of the XDG base
 * directory spec: `$XDG_CACHE_HOME/awstriage`, else `~/.cache/awstriage`.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";

export type CacheRootRule = "--cache-dir" | "AWSTRIAGE_CACHE_DIR" | "source checkout" | "installed copy";

export interface CacheRootChoice {
  path: string;
  rule: CacheRootRule;
  /** One line for people: the rule and, for the defaults, why it applied. */
  reason: string;
}

export interface CacheRootInputs {
  /** --cache-dir as given, if it was. */
  cacheDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The package root (the folder holding bin/ and dist/). */
  packageRoot: string;
  /** Injected by tests; the real check asks the file system. */
  isWritable?: (path: string) => boolean;
  home?: () => string;
}

export function chooseCacheRoot(inputs: CacheRootInputs): CacheRootChoice {
  const env = inputs.env ?? process.env;
  if (inputs.cacheDir !== undefined)
    return { path: resolve(inputs.cacheDir), rule: "--cache-dir", reason: "--cache-dir was given" };
  if (env.AWSTRIAGE_CACHE_DIR)
    return {
      path: resolve(env.AWSTRIAGE_CACHE_DIR),
      rule: "AWSTRIAGE_CACHE_DIR",
      reason: "$AWSTRIAGE_CACHE_DIR is set",
    };
  const inCheckout = join(inputs.packageRoot, "tmp", "claude_cache");
  const installed = isUnderNodeModules(inputs.packageRoot);
  const writable = !installed && (inputs.isWritable ?? nearestExistingIsWritable)(inCheckout);
  if (!installed && writable)
    return { path: inCheckout, rule: "source checkout", reason: `source checkout at ${inputs.packageRoot}` };
  return {
    path: userCacheRoot(env, inputs.home ?? homedir),
    rule: "installed copy",
    reason: installed
      ? `installed copy at ${inputs.packageRoot} (under node_modules)`
      : `package folder ${inputs.packageRoot} is not writable`,
  };
}

/** `$XDG_CACHE_HOME/awstriage`; the spec says a relative XDG_CACHE_HOME is invalid and to be ignored. */
export function userCacheRoot(env: NodeJS.ProcessEnv, home: () => string = homedir): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home(), ".cache"), "awstriage");
}

export function isUnderNodeModules(packageRoot: string): boolean {
  return resolve(packageRoot).split(sep).includes("node_modules");
}

/** Whether the folder, or the nearest of its parents that exists, may be written. */
function nearestExistingIsWritable(path: string): boolean {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
  try {
    accessSync(current, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
