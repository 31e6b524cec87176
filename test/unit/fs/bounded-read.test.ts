import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readBoundedFile } from "../../../src/fs/bounded-read.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

describe("readBoundedFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir("bounded");
  });
  afterEach(() => removeTempDir(dir));

  it("reads a file of exactly the cap, and refuses one byte more before reading it", async () => {
    writeFileSync(join(dir, "cap"), "x".repeat(100));
    expect((await readBoundedFile(join(dir, "cap"), 100)).text).toHaveLength(100);
    writeFileSync(join(dir, "over"), "x".repeat(101));
    await expect(readBoundedFile(join(dir, "over"), 100)).rejects.toMatchObject({ problem: { kind: "too-large" } });
  });

  it("refuses what is not a regular file without blocking or reading: a device, a FIFO, a folder", async () => {
    const fifo = join(dir, "fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) throw new Error("mkfifo failed");
    for (const [path, what] of [
      ["/dev/zero", "a device"],
      [fifo, "a FIFO"],
      [dir, "a folder"],
    ])
      await expect(readBoundedFile(path as string, 1 << 20)).rejects.toMatchObject({
        problem: { kind: "not-regular", what },
      });
  });

  it("says why it cannot open a file, by its errno", async () => {
    await expect(readBoundedFile(join(dir, "missing"), 10)).rejects.toMatchObject({
      problem: { kind: "unreadable", code: "ENOENT" },
    });
  });
});
