import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runFileStem, writeOutDir } from "../../../src/output/out-dir.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

describe("--out-dir file names", () => {
  it("are the command with dashes, generatedAt in basic ISO form with milliseconds, and a random suffix", () => {
    expect(runFileStem("ec2 list", "2026-11-30T09:15:00.123Z", "a1b2c3")).toBe("ec2-list-20261130T091500.123Z-a1b2c3");
    expect(runFileStem("triage", "2026-11-30T09:15:00Z", "a1b2c3")).toBe("triage-20261130T091500.000Z-a1b2c3");
    expect(runFileStem("logs insights", "2026-01-02T03:04:05.000Z")).toMatch(/^[A-Za-z0-9.-]+$/);
    // Two runs in the same millisecond still get two names.
    expect(runFileStem("triage", "2026-11-30T09:15:00.123Z")).not.toBe(
      runFileStem("triage", "2026-11-30T09:15:00.123Z"),
    );
  });
});

describe("--out-dir writes", () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir("outdir");
  });
  afterEach(() => removeTempDir(dir));

  it("keeps every run's files when many runs write into one folder in the same millisecond", async () => {
    const at = "2026-11-30T09:15:00.123Z";
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeOutDir(dir, "triage", at, [{ run: i }], { command: "triage", run: i })),
    );
    const ndjson = readdirSync(dir).filter((name) => name.endsWith(".ndjson"));
    expect(ndjson).toHaveLength(20);
    const runs = ndjson.map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")).run).sort((a, b) => a - b);
    expect(runs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(readdirSync(dir).filter((name) => name.endsWith(".json"))).toHaveLength(20);
  });

  it("never writes into or through what is planted at a name: a FIFO, a symbolic link, a file", async () => {
    const { writeFileAtomic } = await import("../../../src/fs/atomic-write.js");
    const target = join(dir, "elsewhere");
    mkdirSync(target);
    mkfifoOrSkip(join(dir, "fifo.ndjson"));
    symlinkSync(join(target, "victim"), join(dir, "link.ndjson"));
    writeFileSync(join(dir, "file.ndjson"), "theirs");
    for (const name of ["fifo.ndjson", "link.ndjson", "file.ndjson"])
      await expect(writeFileAtomic(join(dir, name), "mine", { mode: 0o644, noReplace: true })).rejects.toMatchObject({
        code: "EEXIST",
      });
    expect(readdirSync(target)).toEqual([]);
    expect(readFileSync(join(dir, "file.ndjson"), "utf8")).toBe("theirs");
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

/** A FIFO, or (where mkfifo is missing, never under CI) a plain file, said so. */
function mkfifoOrSkip(path: string): void {
  if (spawnSync("mkfifo", [path]).status === 0) return;
  if (process.env.CI === "true") throw new Error("mkfifo is needed for this test under CI");
  console.warn("mkfifo is not available: the FIFO case is a plain file");
  writeFileSync(path, "");
}
