/**
 * What the cache layout `<root>/<script>/<identity>/<region>/` holds, folder by folder, read
 * from the folder names alone (no file is opened). `--offline` without a profile or a region
 * guesses them from it.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export interface CachedFolder {
  script: string;
  /** The identity folder: the profile (sanitised), or the profile with an assumed role. */
  identity: string;
  region: string;
}

function subfolders(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * Every region folder under the root, or only those of one identity folder. An identity
 * folder without region folders is still listed, with region "".
 */
export function cachedFolders(root: string, identity?: string): CachedFolder[] {
  const folders: CachedFolder[] = [];
  for (const script of subfolders(root)) {
    const identities = identity === undefined ? subfolders(join(root, script)) : [identity];
    for (const id of identities) {
      const regions = subfolders(join(root, script, id));
      if (regions.length === 0 && identity === undefined) folders.push({ script, identity: id, region: "" });
      for (const region of regions) folders.push({ script, identity: id, region });
    }
  }
  return folders;
}
