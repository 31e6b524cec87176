/**
 * Cache paths: `<root>/<script>/<identity>/<region>/<resource>[-<params hash>].json`.
 * Every segment that comes from user input (profile, role, region, resource names) goes
 * through `safeSegment`, so no value can climb out of the cache root.
 */
import { lazyCrypto } from "../process/lazy-builtins.js";
import { join, relative, resolve, sep, isAbsolute } from "node:path";

export function shortHash(text: string, length = 12): string {
  return lazyCrypto().createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` hash the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const SAFE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A path segment that is safe on every file system: plain names pass unchanged; anything
 * else (slashes, dots only, odd characters, very long) is replaced and suffixed with a
 * hash of the original, so two different inputs never share a folder.
 */
export function safeSegment(input: string): string {
  if (SAFE_RE.test(input) && !input.includes("..")) return input;
  const cleaned = cleanSegment(input).slice(0, CLEANED_LENGTH);
  return `${cleaned || "x"}~${shortHash(input, 10)}`;
}

/** How much of the cleaned input a hashed segment keeps, before its "~" and hash. */
const CLEANED_LENGTH = 40;

function cleanSegment(input: string): string {
  return input
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[._-]+/, "");
}

/**
 * The cache identity: the profile, plus the assumed role when --role-arn is used. A role
 * identity names the role's account and name for people and ends with a hash of the profile
 * and the whole ARN (roles may differ only in their path). Its "~" makes `safeSegment` hash
 * it once more into its folder name, so it can never be the folder of a profile without a role.
 */
export function cacheIdentity(profile: string, roleArn?: string): string {
  if (roleArn === undefined) return safeSegment(profile);
  const roleName = roleArn.split("/").pop() ?? "role";
  const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? "";
  return `${profile}~as~${account}-${roleName}~${shortHash(`${profile}\n${roleArn}`, 8)}`;
}

/**
 * Whether an identity folder has the shape of `profile`'s folder with an assumed role:
 * `<profile>_as_<account>-<role>_<hash>~<hash>`, cleaned and cut as `safeSegment` does. The
 * hashes cannot be checked without the role ARN, so this is only the shape, for folders whose
 * envelopes cannot be read. It never matches a profile that merely starts with this one's
 * name ("prod-eu", "prod_as_x" for "prod"): after "<profile>_as_" must come the 12-digit
 * account and "-". Names that clean to the same text ("prod!" and "prod"), or a name that
 * itself spells "prod_as_<account>-<role>", cannot be told apart; a profile name so long that
 * the cut leaves no account is never matched (its role folders then need a readable envelope).
 */
export function hasRoleFolderShape(folder: string, profile: string): boolean {
  const hashed = /^(.*)~[0-9a-f]{10}$/.exec(folder);
  if (hashed === null) return false;
  const cleaned = hashed[1] as string;
  const prefix = cleanSegment(`${profile}~as~`);
  if (prefix.length > CLEANED_LENGTH - 12 || !cleaned.startsWith(prefix)) return false;
  const rest = cleaned.slice(prefix.length);
  // Cut at CLEANED_LENGTH: the account and role may end early, but what is left must fit.
  return cleaned.length < CLEANED_LENGTH
    ? /^\d{12}-[A-Za-z0-9._-]*_[0-9a-f]{8}$/.test(rest)
    : /^\d{12}(-[A-Za-z0-9._-]*)?$/.test(rest);
}

export interface CacheLocation {
  script: string;
  identity: string;
  region: string;
  resource: string;
  params?: Record<string, unknown> | undefined;
}

export function cacheFilePath(root: string, loc: CacheLocation): string {
  const hasParams = loc.params !== undefined && Object.keys(loc.params).length > 0;
  const file = `${safeSegment(loc.resource)}${hasParams ? `-${shortHash(stableStringify(loc.params))}` : ""}.json`;
  const absRoot = resolve(root);
  const path = join(absRoot, safeSegment(loc.script), safeSegment(loc.identity), safeSegment(loc.region), file);
  assertInside(absRoot, path);
  return path;
}

/** Belt and braces: the segments are already safe, but a path outside the root is a bug. */
export function assertInside(root: string, path: string): void {
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
    throw new Error(`cache path escapes the cache root: ${path}`);
  }
}
