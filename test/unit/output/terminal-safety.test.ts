/**
 * Hostile text from AWS (log messages, tag values, alarm reasons) through every human-facing
 * renderer: no raw control byte or bidi control may come out, and columns still line up by
 * display width. JSON and ndjson keep the exact bytes.
 */
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { renderTable, writeRecords } from "../../../src/output/format.js";
import { renderDiffTable, renderFindingsTable } from "../../../src/output/findings-table.js";
import { contextLine } from "../../../src/output/context-line.js";
import {
  cellSafe,
  displayWidth,
  terminalLines,
  terminalSafe,
  truncateToWidth,
} from "../../../src/output/terminal-text.js";
import { humanLine } from "../../../src/output/log.js";
import { reportError } from "../../../src/main.js";
import { AwstriageError } from "../../../src/errors/errors.js";
import { createProgress, progressLine, writeStderr } from "../../../src/output/progress.js";
import { formatFailure } from "../../../src/run/fan-out.js";
import { diffFindings } from "../../../src/rules/diff.js";
import { finding } from "../../helpers/records.js";

/** Strings an attacker can plant in a log line or a tag, and strings that are merely wide. */
export const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ["CSI clear screen", "a\x1b[2Jb"],
  ["CSI colour", "\x1b[31mred\x1b[0m"],
  ["OSC title ended by BEL", "\x1b]0;pwned\x07x"],
  ["OSC 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"],
  ["BEL", "ding\x07"],
  ["CR overwrite", "safe\rEVIL"],
  ["NUL", "a\x00b"],
  ["DEL", "a\x7fb"],
  ["C1 CSI (8-bit)", "a\x9b2Jb"],
  ["C1 OSC (8-bit)", "\x9d0;t\x9c"],
  ["bidi override", "invoice\u202egpj.exe"],
  ["bidi isolates", "\u2066abc\u2069\u2067d\u2068e"],
  ["tab and newline", "a\tb\nc"],
  ["CJK", "日本語のタグ"],
  ["emoji ZWJ", "👩‍💻 dev 👨‍👩‍👧"],
  ["flag and keycap", "🇯🇵 1️⃣"],
  ["combining marks", "e\u0301te\u0301"],
  ["long CJK", "漢".repeat(80)],
  ["long emoji", "🙂".repeat(80)],
];

/** Any C0 (newline aside: line breaks between lines are fine), DEL, C1 or bidi control. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Broken UTF-16: half of a surrogate pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A cut surrogate pair, or the replacement character a terminal shows for one. */
const BROKEN = new RegExp(`${LONE_SURROGATE.source}|\ufffd`);

function expectSafe(text: string): void {
  expect(text).not.toMatch(RAW_CONTROL);
  expect(text).not.toMatch(BROKEN);
}

/** The display column at which `marker` starts on each line that has it. */
function columnOf(lines: readonly string[], marker: string): number[] {
  return lines.filter((l) => l.includes(marker)).map((l) => displayWidth(l.slice(0, l.indexOf(marker))));
}

describe("terminalSafe", () => {
  it.each(HOSTILE)("%s: nothing raw is left", (_name, text) => {
    expectSafe(terminalSafe(text));
    expectSafe(cellSafe(text));
    expectSafe(terminalLines(text));
  });

  it("shows what was there, visibly", () => {
    expect(terminalSafe("a\x1b[2Jb")).toBe("a\\x1b[2Jb");
    expect(terminalSafe("\x1b]0;t\x07")).toBe("\\x1b]0;t\\x07");
    expect(terminalSafe("safe\rEVIL")).toBe("safe\\x0dEVIL");
    expect(terminalSafe("a\x9bb")).toBe("a\\x9bb");
    expect(terminalSafe("x\u202ey")).toBe("x\\u202ey");
    expect(terminalSafe("a\tb")).toBe("a b");
  });

  it("keeps ordinary text, CJK and emoji exactly", () => {
    for (const text of ["plain", "日本語", "👩‍💻", "e\u0301", "path/to/x?y=1&z"]) expect(terminalSafe(text)).toBe(text);
  });

  it("keeps line breaks between lines, makes a single line of one", () => {
    expect(terminalLines("one\x1b\ntwo\r\n")).toBe("one\\x1b\ntwo\n");
    expect(terminalSafe("one\ntwo\r\nthree")).toBe("one two three");
  });

  it("is idempotent: safe text passes unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const once = terminalSafe(s);
        expect(terminalSafe(once)).toBe(once);
        expect(once).not.toMatch(RAW_CONTROL);
      }),
    );
  });
});

describe("display width", () => {
  it("counts CJK and emoji as two columns, marks as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("日本語")).toBe(6);
    expect(displayWidth("👩‍💻")).toBe(2);
    expect(displayWidth("👨‍👩‍👧")).toBe(2);
    expect(displayWidth("🇯🇵")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("ｱ")).toBe(1); // halfwidth katakana
    expect(displayWidth("Ａ")).toBe(2); // fullwidth Latin
  });

  it("cuts by display width, never inside a grapheme", () => {
    expect(truncateToWidth("日本語のタグ", 7)).toBe("日本語…");
    expect(truncateToWidth("👩‍💻👩‍💻👩‍💻", 5)).toBe("👩‍💻👩‍💻…");
    expect(truncateToWidth("e\u0301e\u0301e\u0301", 2)).toBe("e\u0301…");
    expect(truncateToWidth("short", 5)).toBe("short");
    expect(truncateToWidth("longer", 5)).toBe("long…");
  });

  it("any string cut to any width fits it and stays whole graphemes", () => {
    const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
    const graphemes = (s: string) => Array.from(segmenter.segment(s), (g) => g.segment);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (s, max) => {
        const text = cellSafe(s);
        const cut = truncateToWidth(text, max);
        expect(displayWidth(cut)).toBeLessThanOrEqual(max);
        expect(cut).not.toMatch(LONE_SURROGATE);
        if (cut !== text) {
          const kept = graphemes(cut.slice(0, -1));
          expect(graphemes(text).slice(0, kept.length)).toEqual(kept);
        }
      }),
    );
  });
});

describe("tables with hostile cells", () => {
  const records = HOSTILE.map(([name, text], i) => ({ id: `i-${i}`, value: text, name, "¦": "¦" }));

  it("renderTable: nothing raw, and every column starts at the same display column", () => {
    const out = renderTable(records, ["id", "value", "¦", "name"]);
    expectSafe(out);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(records.length + 1);
    expect(new Set(columnOf(lines, "¦")).size).toBe(1);
    for (const line of lines.slice(1)) expect(displayWidth(line.split("¦")[0] ?? "")).toBe(columnOf(lines, "¦")[0]);
  });

  it("the findings table and the diff table: nothing raw, titles aligned by display width", () => {
    const findings = HOSTILE.map(([, text], i) =>
      finding({ ruleId: `r.${i}`, resourceId: text, title: `${text} title`, severity: i % 2 ? "high" : "low" }),
    );
    for (const out of [
      renderFindingsTable(findings),
      renderDiffTable(diffFindings(findings.slice(0, 5), findings.slice(3))),
    ]) {
      expectSafe(out);
      const rows = out.split("\n").filter((l) => l.includes("us-east-1"));
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(columnOf(rows, "us-east-1")).size).toBe(1);
    }
  });

  it("json and ndjson keep the exact bytes", async () => {
    for (const format of ["json", "ndjson"] as const) {
      const stream = new PassThrough();
      let text = "";
      stream.on("data", (d: Buffer) => (text += d.toString()));
      await writeRecords(records, format, { stream });
      const parsed =
        format === "json"
          ? (JSON.parse(text) as unknown[])
          : text
              .trimEnd()
              .split("\n")
              .map((l) => JSON.parse(l));
      expect(parsed).toEqual(records);
    }
  });
});

describe("stderr lines with hostile text", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(HOSTILE)("%s: the context line stays one safe line", (_name, text) => {
    const line = contextLine({ account: text, regions: ["us-east-1", text], profile: text, arn: text, roleArn: text }, [
      {
        path: "/c",
        script: "ec2",
        resource: text,
        region: text,
        fetchedAt: "2026-01-01T00:00:00.000Z",
        fromCache: true,
        ageSeconds: 3,
      },
    ]);
    expectSafe(line);
    expect(line.indexOf("\n")).toBe(line.length - 1);
  });

  it.each(HOSTILE)("%s: a log line stays one safe line", (_name, text) => {
    const line = humanLine(JSON.stringify({ level: 40, msg: text, reason: text, n: { text } }));
    expectSafe(line);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    expectSafe(humanLine(`${text}\n`));
  });

  it.each(HOSTILE)("%s: error messages quoting AWS text are safe", (_name, text) => {
    let out = "";
    const write = (t: string) => Boolean((out += t));
    reportError(new AwstriageError(`AWS said: ${text}`, 4, `try ${text}`), ["node", "awstriage"], write);
    reportError(new Error(text), ["node", "awstriage"], write);
    expectSafe(out);
    expect(out).toContain("AWS said: ");
  });

  it.each(HOSTILE)("%s: region failures and warnings written through writeStderr are safe", (_name, text) => {
    let out = "";
    vi.spyOn(process.stderr, "write").mockImplementation((t) => Boolean((out += String(t))));
    writeStderr(`${formatFailure({ region: text, resource: "ec2/instances", reason: text, exitCode: 4 })}\n`);
    expectSafe(out);
    expect(out.endsWith("\n")).toBe(true);
  });

  it.each(HOSTILE)("%s: the progress line is safe and fits the terminal", (_name, text) => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const stream = { isTTY: true, columns: 40, write: (t: string) => void writes.push(t) };
      const progress = createProgress({ stream, delayMs: 0, intervalMs: 10 });
      progress.addTasks(1);
      progress.regionStarted(`logs/groups@${text}`);
      vi.advanceTimersByTime(20);
      progress.stop();
      const drawn = writes.filter((w) => w.startsWith("\r\x1b[2K") && w.length > 5).map((w) => w.slice(5));
      expect(drawn.length).toBeGreaterThan(0);
      for (const line of drawn) {
        expectSafe(line);
        expect(displayWidth(line)).toBeLessThan(40);
      }
      expectSafe(terminalSafe(progressLine({ done: 0, total: 1, items: 0 })));
    } finally {
      vi.useRealTimers();
    }
  });
});
