/**
 * Human text reaches stderr through one door (progress.ts `writeStderr`, which makes it
 * terminal-safe). A new `process.stderr.write` elsewhere could forget to; this keeps the list
 * of places that write to stderr directly short and reviewed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../../src", import.meta.url));

/** Each writes text that is already safe, or its own fixed text. */
const ALLOWED = new Map([
  ["output/progress.ts", "writeStderr itself"],
  ["output/log.ts", "humanLine makes each line safe; the JSON log format is for machines"],
  ["main.ts", "reportError makes its text safe first"],
  ["program.ts", "commander's messages, made safe first"],
  ["cli.ts", "a fixed message on a signal"],
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("the stderr boundary", () => {
  it("only the reviewed modules write to process.stderr directly", () => {
    const writers = sourceFiles(SRC)
      .filter((file) => /process\.stderr\.write\b|console\.(error|warn|log)\(/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(writers.filter((file) => !ALLOWED.has(file))).toEqual([]);
  });
});
