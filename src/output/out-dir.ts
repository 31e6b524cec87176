/**
 * `--out-dir DIR`: every run leaves `<command>-<generatedAt>.ndjson` (its records, one per line)
 * and `<command>-<generatedAt>.json` (its --out document) in DIR, names free of characters that
 * trouble shells or S3 keys, so a folder or S3 prefix of sweeps can be queried as it is by
 * DuckDB (`read_json_auto('dir/*.ndjson')`) or Athena (a JSON SerDe table over the prefix).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeOutFile } from "./out-file.js";

/** `ec2 list` at 2026-11-30T09:15:00.123Z → `ec2-list-20261130T091500Z`. */
export function runFileStem(command: string, generatedAt: string): string {
  const stamp = generatedAt.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return `${command.trim().replace(/\s+/g, "-")}-${stamp}`;
}

/** Writes both files; the records first, so a document never names records that are not there. */
export async function writeOutDir(
  dir: string,
  command: string,
  generatedAt: string,
  records: readonly unknown[],
  document: unknown,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stem = join(dir, runFileStem(command, generatedAt));
  await writeOutFile(`${stem}.ndjson`, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
  await writeOutFile(`${stem}.json`, `${JSON.stringify(document, null, 2)}\n`);
  return stem;
}
