/** Output formats: exact bytes, streamed input, back-pressure honoured, and table cells. */
import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { cellText, renderTable, writeRecords } from "../../../src/output/format.js";

/** A stream that takes each chunk on the next turn of the event loop, as a slow pipe would. */
function sink(options: { highWaterMark?: number } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      setImmediate(done);
    },
  });
  return { stream, text: () => chunks.join(""), writes: () => chunks.length };
}

async function capture(records: unknown[], format: "json" | "ndjson" | "table"): Promise<string> {
  const out = sink();
  await writeRecords(records, format, { stream: out.stream, columns: ["id", "n"] });
  // writeRecords may return with chunks still queued in the stream; ending it flushes them.
  await new Promise<void>((resolve) => out.stream.end(resolve));
  return out.text();
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

describe("writeRecords", () => {
  const records = [
    { id: "a", n: 1, tags: { k: "v" } },
    { id: "b", n: null },
  ];
  it("json is one parseable array, one record per line", async () => {
    const text = await capture(records, "json");
    expect(JSON.parse(text)).toEqual(records);
    expect(text.split("\n")).toHaveLength(records.length + 3);
  });
  it("writes json as one array with one record per line, and [] for nothing", async () => {
    const out = sink();
    await writeRecords([{ a: 1 }, { b: "x" }], "json", { stream: out.stream });
    expect(out.text()).toBe('[\n{"a":1},\n{"b":"x"}\n]\n');
    const empty = sink();
    await writeRecords([], "json", { stream: empty.stream });
    expect(empty.text()).toBe("[]\n");
  });
  it("json of nothing is an empty array", async () => expect(JSON.parse(await capture([], "json"))).toEqual([]));
  it("ndjson is one record per line", async () => {
    const lines = (await capture(records, "ndjson")).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(records);
  });
  it("table aligns the chosen columns under a header", async () => {
    const text = await capture(records, "table");
    expect(text).toBe("id  n\na   1\nb   -\n");
  });

  it("accepts records as they are produced (async iterables) for every format", async () => {
    const records = [
      { id: "i-1", n: 1 },
      { id: "i-2", n: 2 },
    ];
    for (const [format, expected] of [
      ["json", '[\n{"id":"i-1","n":1},\n{"id":"i-2","n":2}\n]\n'],
      ["ndjson", '{"id":"i-1","n":1}\n{"id":"i-2","n":2}\n'],
      ["table", "id   n\ni-1  1\ni-2  2\n"],
    ] as const) {
      const out = sink();
      await writeRecords(slowly(records), format, { stream: out.stream });
      expect(out.text(), format).toBe(expected);
    }
  });

  it("streams large outputs in chunks without losing records", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `i-${i}`, pad: "x".repeat(50) }));
    expect(JSON.parse(await capture(many, "json"))).toHaveLength(5000);
  });
  it("writes a large result in blocks and waits for the stream to drain", async () => {
    const out = sink({ highWaterMark: 1024 });
    const records = Array.from({ length: 20_000 }, (_, i) => ({ instanceId: `i-${i}`, padding: "x".repeat(40) }));
    let drains = 0;
    out.stream.on("drain", () => drains++);
    await writeRecords(records, "ndjson", { stream: out.stream });
    expect(out.writes()).toBeGreaterThan(10);
    expect(drains).toBeGreaterThan(0);
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(records.length);
    expect(JSON.parse(lines.at(-1) as string)).toEqual(records.at(-1));
  });
});

describe("table cells", () => {
  it("render objects as k=v, arrays comma-joined, empty as -", () => {
    expect(cellText({ Name: "web", team: "x" })).toBe("Name=web,team=x");
    expect(cellText(["a", "b"])).toBe("a,b");
    expect(cellText([])).toBe("-");
    expect(cellText(undefined)).toBe("-");
  });
  it("truncates very long cells", () => {
    expect(renderTable([{ m: "y".repeat(500) }]).split("\n")[1]?.length).toBeLessThan(100);
  });
});
