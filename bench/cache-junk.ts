/**
 * (j) of issue 26: `cache ls` over a cache folder holding many files that are not entries (a
 * mistaken copy, a tool's leftovers). The walk keeps only the layout's names as it reads each
 * folder, so memory is Node's baseline plus the entries, not every name in the folder.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { peakRssKb } from "./measure.js";
import type { Figure, Setup } from "./figures.js";

/** A marked cache root whose one region folder holds `files` empty files that are not entries. */
export function seedJunk(root: string, files: number): void {
  const folder = join(root, "ec2", "junk", "us-east-1");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(root, ".awstriage-cache"), '{"awstriageCacheLayout":1}\n');
  for (let i = 0; i < files; i++) writeFileSync(join(folder, `junk-${i}.txt`), "");
}

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

export async function cacheJunk(setup: Setup, root: string, files: number, baselineKb: number): Promise<Figure> {
  const cmd = setup.cli(["cache", "ls", "-o", "json", "--cache-dir", root]);
  const peak = await peakRssKb(cmd, 3);
  const budget = baselineKb + 20 * 1024;
  return {
    id: "(j)",
    measure: `peak RSS of \`cache ls -o json\` over a folder of ${files.toLocaleString("en-US")} files that are not entries`,
    against: `Node's baseline (${mb(baselineKb)}) + 20 MB = ${mb(budget)}`,
    target: "< 1.0 × budget",
    limit: 1.0,
    strict: true,
    value: peak / budget,
    detail: `peak ${mb(peak)}; median of 3 runs (before issue 26: 138 MB for 300,000 files)`,
    why: "The walk reads each folder a batch at a time (opendir) and keeps only the names of entries and temp files.",
  };
}
