/** `logs tail`'s terminal lines and options (the live loop is in unit/follow, end to end in integration/logs-tail). */
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { tailOptionsSchema, terminalLineWriter } from "../../../src/commands/logs-tail.js";

describe("logs tail on a terminal", () => {
  it("prints one line per event, streams padded to the widest so far, control characters shown escaped", () => {
    const line = terminalLineWriter();
    const at = "2026-11-30T08:00:00.000Z";
    expect(line({ timestamp: at, logStreamName: "web-12", message: "GET / 200\n" })).toBe(`${at}  web-12  GET / 200\n`);
    // A second line is printed on its own, indented under the message (issue 24: stack traces keep their lines).
    expect(line({ timestamp: at, logStreamName: "a", message: "\u001b[2Jcleared?\r\nsecond line" })).toBe(
      `${at}  a       \\x1b[2Jcleared?\n${" ".repeat(at.length + 2 + 6 + 2 + 2)}second line\n`,
    );
    expect(line({ timestamp: at, logStreamName: "x".repeat(80), message: "m" })).toMatch(/^\S+ {2}x{39}… {2}m\n$/);
  });
});

describe("logs tail: a stack trace", () => {
  it("prints each line of a multi-line message on its own line, indented under the event, sanitised", () => {
    const line = terminalLineWriter();
    const at = "2026-11-30T08:00:00.000Z";
    const out = line({
      timestamp: at,
      logStreamName: "s1",
      message: "Error: boom\n    at handler (/var/task/index.js:3:9)\n    at \u001b]0;owned\u0007run\n",
    });
    const indent = " ".repeat(`${at}  s1  `.length + 2);
    expect(out).toBe(
      `${at}  s1  Error: boom\n${indent}    at handler (/var/task/index.js:3:9)\n${indent}    at \\x1b]0;owned\\x07run\n`,
    );
  });
});

describe("logs tail options", () => {
  it("looks back 10 minutes by default, and takes --since as every windowed command does", () => {
    expect(z.parse(tailOptionsSchema, { group: "/g" }).since).toEqual({ kind: "ago", text: "10m", ms: 600_000 });
    expect(z.parse(tailOptionsSchema, { group: "/g", since: "2026-11-30T08:00Z" }).since).toMatchObject({ kind: "at" });
    expect(z.safeParse(tailOptionsSchema, { group: " " }).success).toBe(false);
  });
});
