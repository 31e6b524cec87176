/**
 * Writing one cache entry: atomically (temp file in the same folder, then rename, see
 * atomic-write.ts), folders 0700 and files 0600 whatever the umask, into a marked root.
 */
import { chmod, mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { envelopeLines } from "./envelope-file.js";
import type { Envelope } from "./envelope.js";
import { assertInside } from "./paths.js";
import { markRootBeforeWrite } from "./root-marker.js";

export interface Written {
  /** Set when the root holds files awstriage did not write, so it was not marked as a cache. */
  unmarkedBecause?: string | undefined;
}

export async function writeEnvelope(path: string, envelope: Envelope, root: string): Promise<Written> {
  assertInside(root, path);
  await makePrivateDirs(dirname(path));
  const unmarkedBecause = markRootBeforeWrite(root);
  await writeFileAtomic(path, envelopeLines(envelope), { mode: 0o600, exactMode: true });
  return { unmarkedBecause };
}

/** mkdir -p with 0700 on every folder awstriage creates under (and including) the root. */
async function makePrivateDirs(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) =>
    realMkdirError(dir, error),
  );
  if (first === undefined) return;
  // mkdir returns the first folder it created; tighten each created folder down to `dir`
  // (mkdir's mode is filtered by the umask, chmod is not).
  const created: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    created.push(current);
    if (current === first || current === dirname(current)) break;
  }
  await Promise.all(created.map((d) => chmod(d, 0o700)));
}

/**
 * Node's recursive mkdir reports ENOENT for any failure to create a missing folder (a
 * read-only file system, no permission). Creating the first missing folder on its own gives
 * the real cause (EROFS, EACCES), which is what the warning must name.
 */
async function realMkdirError(dir: string, error: unknown): Promise<never> {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  let missing = dir;
  for (let parent = dirname(missing); parent !== missing; missing = parent, parent = dirname(parent)) {
    if (
      await stat(parent).then(
        () => true,
        () => false,
      )
    ) {
      await mkdir(missing, { mode: 0o700 });
      break;
    }
  }
  throw error;
}
