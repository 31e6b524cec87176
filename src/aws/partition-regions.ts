/**
 * The region codes AWS publishes, from the SDK's own partition data (the file its endpoint
 * resolver reads), for completing `--region` and for checking it before any request. The file
 * is read as data, not imported: the SDK does not export the list, and loading its client core
 * would cost what `completion` and a cache hit must not. The built CLI carries the list itself
 * (scripts/build.mjs reads the file at build time): an installed copy has no node_modules.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../options/options.js";
import { array, object, record, safeParse, string } from "zod/mini";

const PARTITIONS_FILE = "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";

const partitionsSchema = object({
  partitions: array(object({ regionRegex: string(), regions: record(string(), object({})) })),
});

/** The list scripts/build.mjs wrote into the bundle; undefined when running from source. */
declare const AWSTRIAGE_REGIONS: readonly string[] | undefined;

/** Every region code of every partition (no `aws-global`-style pseudo regions), sorted; [] if the data moved. */
export function partitionRegions(): string[] {
  if (typeof AWSTRIAGE_REGIONS !== "undefined") return [...AWSTRIAGE_REGIONS];
  try {
    const file = findInNodeModules(join("@aws-sdk", "core", PARTITIONS_FILE));
    if (file === undefined) return [];
    const text = readFileSync(file, "utf8");
    // `export const partitionsInfo = {…};`: the object is plain JSON.
    const parsed = safeParse(partitionsSchema, JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)));
    if (!parsed.success) return [];
    const regions = parsed.data.partitions.flatMap((p) => {
      const pattern = new RegExp(p.regionRegex);
      return Object.keys(p.regions).filter((r) => pattern.test(r));
    });
    return [...new Set(regions)].sort();
  } catch {
    // A newer SDK keeps its data elsewhere: completion then offers `all` only, nothing breaks.
    return [];
  }
}

/** Node's lookup, as a path (not require.resolve, which would count as loading an SDK module): nearest node_modules up. */
function findInNodeModules(relative: string): string | undefined {
  for (let at = PACKAGE_ROOT; ; at = dirname(at)) {
    const candidate = join(at, "node_modules", relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(at) === at) return undefined;
  }
}
