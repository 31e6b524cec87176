/** The logger stand-in: below-level calls cost nothing and load no pino; the rest reaches pino unchanged. */
import { describe, expect, it } from "vitest";
import { createLogger, humanLine } from "../../../src/output/log.js";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe("createLogger", () => {
  it("drops lines below the level and writes the others as pino JSON", () => {
    const { lines, destination } = capture();
    const log = createLogger("warn", destination);
    log.info("not shown");
    log.debug({ a: 1 }, "not shown either");
    expect(lines).toEqual([]);
    log.warn({ path: "/x" }, "shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, msg: "shown", path: "/x" });
  });

  it("answers level questions like pino does", () => {
    const log = createLogger("info", capture().destination);
    expect(log.level).toBe("info");
    expect(log.isLevelEnabled("debug")).toBe(false);
    expect(log.isLevelEnabled("error")).toBe(true);
    log.level = "debug";
    expect(log.isLevelEnabled("debug")).toBe(true);
  });

  it("still redacts credentials and supports child loggers", () => {
    const { lines, destination } = capture();
    const child = createLogger("info", destination).child({ region: "eu-west-1" });
    child.error({ credentials: { secretAccessKey: "s3cr3t" }, SecretAccessKey: "x" }, "failed");
    expect(lines[0]).not.toMatch(/s3cr3t|"x"/);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      region: "eu-west-1",
      credentials: "<redacted>",
      SecretAccessKey: "<redacted>",
    });
  });

  it("formats lines for people by level name", () => {
    expect(humanLine(JSON.stringify({ level: 40, msg: "careful", path: "/x", n: 2 }))).toBe(
      "awstriage warn: careful path=/x n=2\n",
    );
    expect(humanLine("not json")).toBe("not json");
  });
});
