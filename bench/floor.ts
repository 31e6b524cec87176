/**
 * The floor for measurement (a): a bare Node script that reads the cache file, maps it to the
 * same records as `ec2 list` (the same normalizer) and prints them as `-o json` does. No
 * options, no validation, no cache logic: what a cache hit cannot avoid doing.
 * Usage: node floor.mjs CACHE_FILE
 */
import { readFileSync } from "node:fs";
import { normalizeInstance, type CachedInstance } from "../src/normalize/ec2.js";

const envelope = JSON.parse(readFileSync(process.argv[2] as string, "utf8")) as {
  account: string | null;
  region: string;
  items: CachedInstance[];
};
const records = envelope.items.map((item) => normalizeInstance(item, envelope.account, envelope.region));
records.sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
process.stdout.write(records.length === 0 ? "[]\n" : `[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
