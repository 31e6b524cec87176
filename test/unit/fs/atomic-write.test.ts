/** The atomic write every cache entry and `--out` file goes through, and its Ctrl-C cleanup. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

// rename is wrapped (not replaced) so one test can hold a write between "temp file
// complete" and "renamed into place", exactly where Ctrl-C would hurt most.
const gate = vi.hoisted(() => ({ hold: undefined as Promise<void> | undefined, reached: () => {} }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (gate.hold !== undefined) {
        gate.reached();
        await gate.hold;
      }
      return actual.rename(from, to);
    },
  };
});

const { isTempFileName, pendingTempFiles, removePendingTempFiles, writeFileAtomic } = await import(
  "../../../src/fs/atomic-write.js"
);

describe("writeFileAtomic", () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir("atomic");
  });
  afterEach(() => {
    gate.hold = undefined;
    removeTempDir(dir);
  });

  it("replaces the target whole and leaves no temp file", async () => {
    const target = join(dir, "out.json");
    writeFileSync(target, "old");
    await writeFileAtomic(target, "new", { mode: 0o600 });
    expect(readFileSync(target, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["out.json"]);
    expect(pendingTempFiles.size).toBe(0);
  });

  it("sets the exact mode when asked, whatever the umask", async () => {
    const previous = process.umask(0o000);
    try {
      await writeFileAtomic(join(dir, "exact"), "x", { mode: 0o600, exactMode: true });
      await writeFileAtomic(join(dir, "umask"), "x", { mode: 0o644 });
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir, "exact")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "umask")).mode & 0o777).toBe(0o644);
  });

  it("Ctrl-C between writing and renaming: the signal handler's cleanup removes the temp file and the target never appears", async () => {
    const target = join(dir, "entry.json");
    let release = () => {};
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    gate.hold = new Promise<void>((resolve) => (release = resolve));
    const writing = writeFileAtomic(target, JSON.stringify({ big: "x".repeat(100_000) }), { mode: 0o600 });
    await reached;
    const temps = readdirSync(dir);
    expect(temps).toHaveLength(1);
    expect(isTempFileName(temps[0] as string)).toBe(true);
    expect([...pendingTempFiles]).toEqual([join(dir, temps[0] as string)]);

    removePendingTempFiles(); // what cli.ts does on SIGINT, right before exiting
    expect(readdirSync(dir)).toEqual([]);
    release();
    await expect(writing).rejects.toMatchObject({ code: "ENOENT" });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a failed write removes its temp file and keeps the old target", async () => {
    const target = join(dir, "sub-missing", "entry.json");
    await expect(writeFileAtomic(target, "x", { mode: 0o600 })).rejects.toMatchObject({ code: "ENOENT" });
    expect(readdirSync(dir)).toEqual([]);
    expect(pendingTempFiles.size).toBe(0);
  });
});
