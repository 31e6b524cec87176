/** The last triage's record in a cache root: written 0600 into a marked root, read only as this user's regular file. */
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLastRun, recordLastRun, type LastRun } from "../../../src/bundle/last-run.js";
import { assertCacheRoot, LAST_RUN_NAME, MARKER_NAME } from "../../../src/cache/root-marker.js";
import { UsageError } from "../../../src/errors/errors.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const RUN: Omit<LastRun, "lastRun"> = {
  command: "triage",
  at: "2026-12-07T04:00:00.000Z",
  profile: "prod",
  roleArn: null,
  regions: ["eu-west-1", "us-east-1"],
  options: { since: "1h", until: null, sources: null, maxMetrics: null },
  config: null,
  entries: [{ entry: "lambda/prod/us-east-1/functions.json", fetchedAt: "2026-12-07T03:59:58.000Z" }],
};

let dir = "";
let root = "";
beforeEach(() => {
  dir = makeTempDir("last-run");
  root = join(dir, "cache");
});
afterEach(() => removeTempDir(dir));

const refusal = async (): Promise<string> => {
  try {
    await readLastRun(root);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("read a record it should have refused");
};

describe("the last run's record", () => {
  it("round-trips, 0600, in a root it marks as a cache (which cache ls and clear still accept)", async () => {
    mkdirSync(join(root, "lambda"), { recursive: true });
    await recordLastRun(root, RUN);
    expect(await readLastRun(root)).toEqual({ lastRun: 1, ...RUN });
    expect(statSync(join(root, LAST_RUN_NAME)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(root, MARKER_NAME))).toBe(true);
    expect(assertCacheRoot(root)).toBe("present");
  });

  it("is not written where there is no cache root yet", async () => {
    await recordLastRun(root, RUN);
    expect(existsSync(root)).toBe(false);
  });

  it("with none recorded: one line naming the root and the way out", async () => {
    mkdirSync(root);
    const message = await refusal();
    expect(message).toContain(root);
    expect(message).toMatch(/no triage run is recorded .*--from REPORT\.json$/);
    expect(message).not.toContain("\n");
  });

  it("refuses a link (it could point the bundle anywhere) and a file awstriage did not write", async () => {
    mkdirSync(root);
    writeFileSync(join(dir, "elsewhere.json"), JSON.stringify({ lastRun: 1, ...RUN }));
    symlinkSync(join(dir, "elsewhere.json"), join(root, LAST_RUN_NAME));
    expect(await refusal()).toMatch(/is not used: not a regular file/);
    removeTempDir(root);
    mkdirSync(root);
    writeFileSync(join(root, LAST_RUN_NAME), JSON.stringify({ lastRun: 1, ...RUN, entries: "all of them" }), {
      mode: 0o600,
    });
    expect(await refusal()).toMatch(/is not a record of awstriage's/);
  });
});
