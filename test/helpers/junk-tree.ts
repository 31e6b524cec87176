/**
 * A marked cache root holding tens of thousands of files, made quickly (plain synchronous
 * writes, no atomic rename): awstriage's own entries among files it did not write, spread over
 * many region folders and piled into one flat folder larger than the walk sorts
 * (SORTED_NAMES_MAX), for `cache ls` and `cache clear` at scale (issue 26, Low).
 */
import { mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { envelopeLines } from "../../src/cache/envelope-file.js";
import { MARKER_NAME } from "../../src/cache/root-marker.js";
import { testEnvelope } from "./cache-envelope.js";

export interface JunkTree {
  /** Entries awstriage wrote: `cache clear` removes every one. */
  ours: number;
  ourBytes: number;
  /** Files at an entry's place that awstriage did not write (listed, kept). */
  foreign: number;
  /** Files not at an entry's place (not listed, kept). */
  unlisted: number;
  /** The one folder holding more names than the walk sorts. */
  flat: string;
  /** A region folder holding only awstriage's entries: `cache clear` removes it. */
  oursOnly: string;
}

export interface TreeShape {
  /** Region folders in the nested part (spread over ten identity folders of ec2 and logs). */
  folders: number;
  /** In each nested folder: entries awstriage wrote, foreign `*.json`, other files. */
  perFolder: [ours: number, foreign: number, unlisted: number];
  /** In the flat folder, likewise. */
  flat: [ours: number, foreign: number, unlisted: number];
}

/** 31,000 files, 22,000 of them at an entry's place. */
export const MANY: TreeShape = { folders: 150, perFolder: [30, 40, 30], flat: [2000, 9000, 5000] };

const HOURS_AGO = (Date.now() - 3 * 3_600_000) / 1000;

export function plantJunkTree(root: string, shape: TreeShape = MANY): JunkTree {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  writeFileSync(join(root, MARKER_NAME), '{"awstriageCacheLayout":1}\n', { mode: 0o600 });
  const tree: JunkTree = { ours: 0, ourBytes: 0, foreign: 0, unlisted: 0, flat: "", oursOnly: "" };
  const fill = (at: [string, string, string], [ours, foreign, unlisted]: TreeShape["perFolder"]) => {
    const [script, profile, region] = at;
    const folder = join(root, ...at);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (let i = 0; i < ours; i++) {
      const envelope = testEnvelope({ script, profile, region, resource: `r${i}`, items: [{ i }, { i: -i }] });
      const text = [...envelopeLines(envelope)].join("");
      writeFileSync(join(folder, `r${i}.json`), text, { mode: 0o600 });
      tree.ours++;
      tree.ourBytes += Buffer.byteLength(text);
    }
    for (let i = 0; i < foreign; i++) {
      // A little of everything awstriage did not write: JSON of another shape, an empty file,
      // an old temp-named file that is not its own (kept), a link (kept, never followed).
      const temp = i % 10 === 9;
      const path = join(folder, temp ? `.j${i}.json.4242.0123abcd.tmp` : `junk-${i}.json`);
      if (i % 50 === 7) symlinkSync(join(root, MARKER_NAME), path);
      else writeFileSync(path, i % 3 === 0 && !temp ? "" : `{"not":"an awstriage entry","i":${i}}\n`);
      if (temp) utimesSync(path, HOURS_AGO, HOURS_AGO);
      tree.foreign++;
    }
    for (let i = 0; i < unlisted; i++) writeFileSync(join(folder, `notes-${i}.txt`), "");
    tree.unlisted += unlisted;
  };
  for (let f = 0; f < shape.folders; f++) {
    fill([f % 2 === 0 ? "ec2" : "logs", `p${f % 10}`, `region-${f}`], shape.perFolder);
  }
  fill(["lambda", "flat", "us-east-1"], shape.flat);
  tree.flat = join(root, "lambda", "flat", "us-east-1");
  fill(["cloudwatch", "p0", "eu-west-1"], [25, 0, 0]);
  tree.oursOnly = join(root, "cloudwatch", "p0", "eu-west-1");
  return tree;
}

/** What is left under the root: files by kind (awstriage's entries told by name: `r<n>.json`). */
export function countFiles(root: string): { ours: number; other: number } {
  const counts = { ours: 0, other: 0 };
  const visit = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory()) visit(join(dir, d.name));
      else if (/^r\d+\.json$/.test(d.name)) counts.ours++;
      else counts.other++;
    }
  };
  visit(root);
  return counts;
}
