/** Output formats: exact bytes, streamed input, and back-pressure honoured. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeRecords } from "../../src/output/format.js";

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

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

describe("writeRecords", () => {
  it("writes json as one array with one record per line, and [] for nothing", async () => {
    const out = sink();
    await writeRecords([{ a: 1 }, { b: "x" }], "json", { stream: out.stream });
    expect(out.text()).toBe('[\n{"a":1},\n{"b":"x"}\n]\n');
    const empty = sink();
    await writeRecords([], "json", { stream: empty.stream });
    expect(empty.text()).toBe("[]\n");
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
