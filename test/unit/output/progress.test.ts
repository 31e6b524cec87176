import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createProgress,
  ERASE_LINE,
  progressLine,
  silentProgress,
  writeAboveProgress,
} from "../../../src/output/progress.js";

/** A stream that says it is (or is not) a terminal and keeps what was written to it. */
function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => void writes.push(text) };
}

describe("progress on stderr", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("stays silent when the stream is not a terminal", () => {
    const stream = fakeStream(false);
    const progress = createProgress({ stream, delayMs: 0 });
    expect(progress).toBe(silentProgress);
    progress.addTasks(3);
    progress.regionStarted("ec2/instances@us-east-1");
    vi.advanceTimersByTime(5_000);
    progress.stop();
    expect(stream.writes).toEqual([]);
  });

  it("draws nothing during the first moment, so quick runs stay quiet", () => {
    const stream = fakeStream(true);
    const progress = createProgress({ stream, delayMs: 400, intervalMs: 100 });
    progress.addTasks(3);
    vi.advanceTimersByTime(399);
    expect(stream.writes).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(stream.writes).toEqual([`${ERASE_LINE}awstriage: 0/3 tasks done, 0 items fetched`]);
    progress.stop();
  });

  it("shows regions done out of the total and the items fetched, redrawing the same line", () => {
    const stream = fakeStream(true);
    const progress = createProgress({ stream, delayMs: 0, intervalMs: 100 });
    progress.addTasks(3);
    for (const region of ["us-east-1", "eu-west-1", "ap-south-1"]) progress.regionStarted(`ec2/instances@${region}`);
    progress.items("ec2/instances@us-east-1", 1000);
    progress.items("ec2/instances@us-east-1", 1500);
    progress.items("ec2/instances@eu-west-1", 7);
    progress.regionDone("ec2/instances@us-east-1");
    vi.advanceTimersByTime(100);
    expect(stream.writes.at(-1)).toBe(
      `${ERASE_LINE}awstriage: 1/3 tasks done, 1507 items fetched, waiting on ec2/instances eu-west-1, ec2/instances ap-south-1`,
    );
    progress.regionDone("ec2/instances@eu-west-1");
    vi.advanceTimersByTime(100);
    expect(stream.writes.at(-1)).toBe(
      `${ERASE_LINE}awstriage: 2/3 tasks done, 1507 items fetched, waiting on ec2/instances ap-south-1`,
    );
    expect(stream.writes.every((w) => w.startsWith("\r") && !w.includes("\n"))).toBe(true);
    progress.stop();
  });

  it("counts a task nobody planned towards the total", () => {
    const stream = fakeStream(true);
    const progress = createProgress({ stream, delayMs: 0, intervalMs: 100 });
    progress.addTasks(1);
    progress.regionStarted("ec2/instances@us-east-1");
    progress.regionStarted("ec2/instance-status@us-east-1");
    vi.advanceTimersByTime(100);
    expect(stream.writes.at(-1)).toContain("0/2 tasks done");
    progress.stop();
  });

  it("erases its line when stopped and never draws again", () => {
    const stream = fakeStream(true);
    const progress = createProgress({ stream, delayMs: 0, intervalMs: 100 });
    progress.addTasks(1);
    vi.advanceTimersByTime(100);
    progress.stop();
    expect(stream.writes.at(-1)).toBe(ERASE_LINE);
    const count = stream.writes.length;
    vi.advanceTimersByTime(1_000);
    progress.stop();
    expect(stream.writes).toHaveLength(count);
  });

  it("does not erase anything when it never drew", () => {
    const stream = fakeStream(true);
    createProgress({ stream, delayMs: 1_000, intervalMs: 100 }).stop();
    expect(stream.writes).toEqual([]);
  });

  it("clears its line before other stderr text, then draws again below it", () => {
    const stream = fakeStream(true);
    const progress = createProgress({ stream, delayMs: 0, intervalMs: 100 });
    progress.addTasks(2);
    vi.advanceTimersByTime(100);
    writeAboveProgress("awstriage warn: ignoring unusable cache file\n");
    expect(stream.writes.slice(-2)).toEqual([ERASE_LINE, "awstriage warn: ignoring unusable cache file\n"]);
    vi.advanceTimersByTime(100);
    expect(stream.writes.at(-1)).toMatch(/^\r\x1b\[2Kawstriage: 0\/2/);
    progress.stop();
  });

  it("cuts the line to the terminal width so it never wraps", () => {
    const stream = fakeStream(true, 20);
    const progress = createProgress({ stream, delayMs: 0, intervalMs: 100 });
    progress.addTasks(12);
    vi.advanceTimersByTime(100);
    const drawn = (stream.writes.at(-1) ?? "").slice(ERASE_LINE.length);
    expect(drawn).toBe("awstriage: 0/12 ta…");
    expect(drawn.length).toBeLessThan(20);
    progress.stop();
  });
});

describe("progressLine", () => {
  it("uses singular words for one", () => {
    expect(progressLine({ done: 0, total: 1, items: 1 })).toBe("awstriage: 0/1 task done, 1 item fetched");
  });

  it("names what is still pending, as many as fit the width, then how many more", () => {
    const pending = ["lambda/metrics@eu-west-1", "logs/groups@ap-south-1", "ec2/instances@us-east-1"];
    const state = { done: 4, total: 7, items: 12, pending };
    expect(progressLine(state, 140)).toBe(
      "awstriage: 4/7 tasks done, 12 items fetched, waiting on lambda/metrics eu-west-1, logs/groups ap-south-1, ec2/instances us-east-1",
    );
    expect(progressLine(state, 115)).toBe(
      "awstriage: 4/7 tasks done, 12 items fetched, waiting on lambda/metrics eu-west-1, logs/groups ap-south-1 +1 more",
    );
    for (const width of [40, 60, 80, 100]) expect(progressLine(state, width).length).toBeLessThan(width);
  });

  it("shows the identity and region-list calls from the first moment, not only region tasks", () => {
    const line = progressLine({
      done: 0,
      total: 2,
      items: 0,
      pending: ["sts/caller-identity@global", "ec2/regions@us-east-1"],
    });
    expect(line).toBe(
      "awstriage: 0/2 tasks done, 0 items fetched, waiting on sts/caller-identity global, ec2/regions us-east-1",
    );
  });
});
