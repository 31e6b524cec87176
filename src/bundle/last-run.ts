/**
 * The last triage of a cache root, so `bundle create FILE` works "after a run" with no
 * `--from`: a small file beside the root's marker (`.awstriage-last-run.json`) naming the
 * command, its options as typed, the profile, role and regions, the run's time, its config
 * file (path and sha256) and exactly the cache entries it read (path in the root and when
 * each was fetched). Never a record, a finding or a secret: the entries hold the data, already
 * redacted. Written atomically, 0600, only into a root that is this user's and marked as a
 * cache; read only if it is this user's regular file, like every cache file.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod/mini";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { BoundedReadError, readBoundedFile } from "../fs/bounded-read.js";
import { untrustedEntry } from "../fs/ownership.js";
import { UsageError } from "../errors/errors.js";
import { LAST_RUN_NAME, markRootBeforeWrite } from "../cache/root-marker.js";
import { rootNotOurs } from "../cache/run-warnings.js";

/** Thousands of entries fit many times over; anything larger was not written by awstriage. */
const MAX_BYTES = 4 << 20;

const lastRunSchema = z.object({
  lastRun: z.literal(1),
  command: z.string(),
  /** The run's clock: the rebuild judges the entries at this time (windows, suppression dates). */
  at: z.string(),
  profile: z.string(),
  roleArn: z.nullable(z.string()),
  regions: z.array(z.string()),
  /** The command's own options as typed (`--since 1h`), null where not given. */
  options: z.record(z.string(), z.nullable(z.string())),
  config: z.nullable(z.object({ path: z.string(), sha256: z.string() })),
  entries: z.array(z.object({ entry: z.string(), fetchedAt: z.string() })),
});
export type LastRun = z.infer<typeof lastRunSchema>;

/** Records the run; a root that is not ours (or cannot be written) keeps no record: `bundle create` then says so. */
export async function recordLastRun(root: string, run: Omit<LastRun, "lastRun">): Promise<void> {
  if (rootNotOurs(root) !== undefined) return;
  try {
    if (!lstatSync(root).isDirectory()) return;
  } catch {
    return; // no cache root yet: the run read nothing from it
  }
  if (markRootBeforeWrite(root) !== undefined) return;
  await writeFileAtomic(join(root, LAST_RUN_NAME), `${JSON.stringify({ lastRun: 1, ...run })}\n`, {
    mode: 0o600,
    exactMode: true,
  });
}

/** The root's last run; exit 2 with one line when there is none or it cannot be trusted. */
export async function readLastRun(root: string): Promise<LastRun> {
  const path = join(root, LAST_RUN_NAME);
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch {
    throw new UsageError(
      `no triage run is recorded in ${root}: run \`awstriage triage\` first, or bundle a --out document with --from REPORT.json`,
    );
  }
  // A link or another user's file is not ours to follow: it could point the bundle at anything.
  const why = stats.isFile() ? untrustedEntry(stats) : "not a regular file";
  if (why !== undefined) throw new UsageError(`${path} is not used: ${why}`);
  let text: string;
  try {
    text = (await readBoundedFile(path, MAX_BYTES)).text;
  } catch (error) {
    if (error instanceof BoundedReadError) throw new UsageError(`${path} ${error.message}`);
    throw error;
  }
  const parsed = lastRunSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new UsageError(`${path} is not a record of awstriage's (run triage again to replace it)`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
