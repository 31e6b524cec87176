/**
 * AWS_CA_BUNDLE, else the profile's ca_bundle: the certificates HTTPS endpoints are checked
 * against. The AWS CLI honours both; the JS SDK alone does not, so awstriage reads the bundle
 * and hands it to the HTTP handler (a company proxy with its own CA then works).
 */
import { readFileSync } from "node:fs";
import { fail } from "../errors/errors.js";

/** Bundles read so far, by path: the sessions of a sweep share one (and so one HTTPS agent, shared-agents.ts). */
const bundles = new Map<string, Buffer>();

/** Reads the bundle on first use and then reuses it; an unreadable bundle is exit 3 naming it. */
export function caBundleReader(path: string): () => Buffer {
  return () => {
    let bytes = bundles.get(path);
    if (bytes === undefined) {
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw fail("BadCaBundle", { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
      bundles.set(path, bytes);
    }
    return bytes;
  };
}
