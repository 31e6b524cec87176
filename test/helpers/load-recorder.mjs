/**
 * Preloaded with `node --import` into the CLI under test: records every module the process
 * loads, ES modules (through a resolve hook) and CommonJS (through Module._resolveFilename),
 * one resolved URL or path per line, in the file named by AWSTRIAGE_LOAD_LOG.
 * Plain JavaScript, because Node loads it before anything could compile TypeScript.
 */
import Module, { register } from "node:module";
import { appendFileSync } from "node:fs";

const log = process.env.AWSTRIAGE_LOAD_LOG;
if (log) {
  register("./load-recorder-hooks.mjs", import.meta.url, { data: { log } });
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function recordResolved(...args) {
    const resolved = resolveFilename.apply(this, args);
    appendFileSync(log, `${resolved}\n`);
    return resolved;
  };
}
