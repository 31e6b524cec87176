/**
 * `--out-dir DIR`: every run leaves `<command>-<generatedAt>-<random>.ndjson` (its records, one
 * per line) and `.json` beside it (its --out document) in DIR, names free of characters that
 * trouble shells or S3 keys, so a folder or S3 prefix of sweeps can be queried as it is by
 * DuckDB (`read_json_auto('dir/*.ndjson')`) or Athena (a JSON SerDe table over the prefix).
 *
 * No run ever overwrites another's files or writes into something planted at its names: the
 * stem has milliseconds and a random suffix, and each file appears by a hard link of its
 * complete temp file, which fails if anything (a file, a FIFO, a symbolic link) is there
 * already; a taken stem is replaced by a fresh one.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { lazyCrypto } from "../process/lazy-builtins.js";

/** `ec2 list` at 2026-11-30T09:15:00.123Z → `ec2-list-20261130T091500.123Z-<6 hex>`. */
export function runFileStem(command: string, generatedAt: string, suffix = randomSuffix()): string {
  const stamp = generatedAt.replace(/(\.\d{3})\d*Z$/, "$1Z").replace(/[-:]/g, "");
  const withMillis = stamp.includes(".") ? stamp : stamp.replace(/Z$/, ".000Z");
  return `${command.trim().replace(/\s+/g, "-")}-${withMillis}-${suffix}`;
}

const randomSuffix = () => lazyCrypto().randomBytes(3).toString("hex");

/** Tries this many fresh stems before giving up (each taken one means a planted or racing file). */
const ATTEMPTS = 5;

/** Writes both files; the records first, so a document never names records that are not there. */
export async function writeOutDir(
  dir: string,
  command: string,
  generatedAt: string,
  records: readonly unknown[],
  document: unknown,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const lines = records.map((r) => `${JSON.stringify(r)}\n`);
  for (let attempt = 1; ; attempt++) {
    const stem = join(dir, runFileStem(command, generatedAt));
    try {
      await writeFileAtomic(`${stem}.ndjson`, lines, { mode: 0o644, noReplace: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && attempt < ATTEMPTS) continue;
      throw error;
    }
    await writeFileAtomic(`${stem}.json`, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o644, noReplace: true });
    return stem;
  }
}
