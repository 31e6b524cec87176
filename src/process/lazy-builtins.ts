/**
 * Node built-ins that most runs never touch, loaded on first use. A static `import` would load
 * them on every start, and node:crypto alone is a measurable share of a cache hit (only
 * writing a file or hashing cache parameters needs it).
 */
import { createRequire } from "node:module";

const requireBuiltin = createRequire(import.meta.url);

export function lazyCrypto(): typeof import("node:crypto") {
  return requireBuiltin("node:crypto") as typeof import("node:crypto");
}
