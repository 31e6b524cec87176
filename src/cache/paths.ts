/**
 * Cache paths: `<root>/<script>/<identity>/<region>/<resource>[-<params hash>].json`.
 * Every segment that comes from user input (profile, role, region, resource names) goes
 * through `safeSegment`, so no value can climb out of the cache root.
 */
import { lazyCrypto } from "../lazy-builtins.js";
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
  const cleaned = input
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[._-]+/, "")
    .slice(0, 40);
  return `${cleaned || "x"}~${shortHash(input, 10)}`;
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
