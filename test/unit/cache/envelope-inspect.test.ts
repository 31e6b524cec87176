/**
 * Counting a file's items without parsing them (`countItems` of the one reader, with the
 * store's header check, as `cache ls` does): every verdict is compared with what the store's
 * full read says of the same bytes, the one documented difference aside.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnvelope, writeEnvelope, type Envelope } from "../../../src/cache/store.js";
import { SHARED_BUFFER_BYTES as INSPECT_BYTES, withEnvelopeFile } from "../../../src/cache/envelope-file.js";
import { envelopeProblem } from "../../../src/cache/envelope.js";
import { testEnvelope } from "../../helpers/cache-envelope.js";
import { makeTempDir, removeTempDir } from "../../helpers/temp-dir.js";

const FETCHED_AT = "2026-01-01T00:00:00.000Z";
const NOW = Date.parse(FETCHED_AT) + 90_000;

function envelope(items: unknown[], params: Record<string, unknown> = {}): Envelope {
  return testEnvelope({ region: "eu-west-1", params, fetchedAt: FETCHED_AT, items });
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = makeTempDir("inspect");
  path = join(dir, "ec2", "p", "eu-west-1", "instances.json");
});
afterEach(() => removeTempDir(dir));

/** What `cache ls` sees of a file: its header checked by `problem`, its items counted, its size. */
function inspectEnvelopeFile(file: string, problem: (header: Record<string, unknown>) => string | undefined) {
  const outcome = withEnvelopeFile(
    file,
    (opened) => {
      const refusal = problem(opened.header);
      if (refusal !== undefined) return { kind: "corrupt" as const, reason: refusal, bytes: opened.bytes };
      return { kind: "ok" as const, header: opened.header, items: opened.countItems(), bytes: opened.bytes };
    },
    { shareBuffer: true },
  );
  return outcome.kind === "unusable"
    ? { kind: "corrupt" as const, reason: outcome.reason, bytes: outcome.bytes }
    : outcome;
}

function inspectEnvelope(file: string, now: number) {
  const outcome = inspectEnvelopeFile(file, envelopeProblem);
  if (outcome.kind !== "ok") return outcome;
  return { ...outcome, ageMs: now - Date.parse(outcome.header.fetchedAt as string) };
}

/** What the store's full read says: the item count of a hit, or the kind. */
async function storeSays(file: string): Promise<number | string> {
  const outcome = await readEnvelope(file, NOW);
  return outcome.kind === "hit" ? outcome.envelope.items.length : outcome.kind;
}

function inspectSays(file: string): number | string {
  const outcome = inspectEnvelope(file, NOW);
  return outcome.kind === "ok" ? outcome.items : outcome.kind;
}

describe("inspecting a cache file", () => {
  it("counts the items, and gives the checked header, the age and the size in bytes", async () => {
    for (const count of [0, 1, 3, 250]) {
      const items = Array.from({ length: count }, (_, i) => ({ InstanceId: `i-${i}`, Note: "multi\nline ✓" }));
      await writeEnvelope(path, envelope(items), dir);
      const outcome = inspectEnvelope(path, NOW);
      const { items: _items, ...header } = envelope(items);
      expect(outcome).toEqual({ kind: "ok", header, ageMs: 90_000, items: count, bytes: statSync(path).size });
    }
  });

  it("counts items across reads: many lines, a line longer than the buffer, a header longer than the buffer", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ InstanceId: `i-${i}`, Text: "é".repeat(i % 50) }));
    const long = [
      { InstanceId: "i-0" },
      { InstanceId: "i-long", Text: "ü".repeat(INSPECT_BYTES * 2) },
      { InstanceId: "i-2" },
    ];
    for (const [items, params] of [
      [many, {}],
      [long, {}],
      [[{ InstanceId: "i-0" }, { InstanceId: "i-1" }], { filter: "x".repeat(INSPECT_BYTES * 3) }],
      [[], { filter: "x".repeat(INSPECT_BYTES + 5) }],
    ] as const) {
      await writeEnvelope(path, envelope([...items], params), dir);
      expect(readFileSync(path).length).toBeGreaterThan(INSPECT_BYTES);
      expect(inspectSays(path)).toBe(items.length);
      expect(await storeSays(path)).toBe(items.length);
    }
  });

  it("finds the closing line wherever it falls around the end of a read", async () => {
    // Pad the first item so that "\n]}" and what follows it straddle the buffer's end in every way.
    await writeEnvelope(path, envelope([{ pad: "" }]), dir);
    const base = readFileSync(path, "utf8");
    for (let shift = -5; shift <= 5; shift++) {
      for (const trailer of ["\n", "", "\n\n  \n"]) {
        const pad = "x".repeat(INSPECT_BYTES - base.length + 1 + shift);
        const text = `${base.replace('"pad":""', `"pad":"${pad}"`).slice(0, -1)}${trailer}`;
        writeFileSync(path, text);
        expect(text.lastIndexOf("\n]}")).toBe(INSPECT_BYTES - 3 + shift);
        expect(inspectSays(path), `shift ${shift}, trailer ${JSON.stringify(trailer)}`).toBe(1);
        expect(await storeSays(path)).toBe(1);
        writeFileSync(path, `${text.slice(0, text.lastIndexOf("]}") + 2)} \n`);
        expect(inspectSays(path), `shift ${shift}, "]} "`).toBe("corrupt");
        expect(await storeSays(path)).toBe("corrupt");
      }
    }
  });

  it("calls a file cut at any byte before its closing line truncated, as the store does", async () => {
    await writeEnvelope(
      path,
      envelope([{ InstanceId: "i-1" }, { InstanceId: "i-2", Tags: [{ Key: "k", Value: "ü ✓" }] }]),
      dir,
    );
    const whole = readFileSync(path);
    const closing = whole.lastIndexOf("]}");
    for (let cut = 1; cut < closing + 2; cut++) {
      writeFileSync(path, whole.subarray(0, cut));
      const outcome = inspectEnvelope(path, NOW);
      expect(outcome, `cut at ${cut}`).toEqual({ kind: "corrupt", reason: "not valid JSON (truncated?)", bytes: cut });
      expect(await storeSays(path)).toBe("corrupt");
    }
    // Cut after "]}", only the final newline is lost: still whole.
    writeFileSync(path, whole.subarray(0, closing + 2));
    expect(inspectSays(path)).toBe(2);
  });

  it("reads a file in another layout (compact or pretty, written by hand) whole, like the store", async () => {
    const items = [{ InstanceId: "i-1" }, { InstanceId: "i-2" }, { InstanceId: "i-3" }];
    const compact = join(dir, "compact.json");
    for (const text of [
      JSON.stringify(envelope(items)),
      JSON.stringify(envelope(items), null, 2),
      `${JSON.stringify(envelope(items))}\n`,
    ]) {
      writeFileSync(compact, text);
      expect(inspectEnvelope(compact, NOW)).toMatchObject({ kind: "ok", items: 3, bytes: Buffer.byteLength(text) });
      expect(await storeSays(compact)).toBe(3);
    }
    writeFileSync(compact, JSON.stringify(envelope(items)).slice(0, -5));
    expect(inspectEnvelope(compact, NOW)).toMatchObject({ kind: "corrupt", reason: "not valid JSON (truncated?)" });
    writeFileSync(compact, JSON.stringify({ ...envelope([]), items: "nope" }));
    expect(inspectEnvelope(compact, NOW)).toMatchObject({ kind: "corrupt", reason: "items must be an array" });
  });

  it("says empty file, missing, or why the header is refused", async () => {
    writeFileSync(join(dir, "empty.json"), "");
    expect(inspectEnvelope(join(dir, "empty.json"), NOW)).toEqual({ kind: "corrupt", reason: "empty file", bytes: 0 });
    expect(inspectEnvelope(join(dir, "missing.json"), NOW)).toEqual({ kind: "missing" });
    await writeEnvelope(path, envelope([{}]), dir);
    writeFileSync(path, readFileSync(path, "utf8").replace('"schemaVersion":1', '"schemaVersion":2'));
    expect(inspectEnvelope(path, NOW)).toMatchObject({
      kind: "corrupt",
      reason: expect.stringMatching(/^not an awstriage v1 cache file \(schemaVersion/),
    });
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace('"schemaVersion":2', '"schemaVersion":1').replace(FETCHED_AT, "yesterday"),
    );
    expect(inspectEnvelope(path, NOW)).toMatchObject({
      kind: "corrupt",
      reason: expect.stringMatching(/fetchedAt must be a timestamp/),
    });
  });

  it("passes the header, without items, to the check and reports its refusal", async () => {
    await writeEnvelope(path, envelope([{ a: 1 }]), dir);
    const seen: Record<string, unknown>[] = [];
    const outcome = inspectEnvelopeFile(path, (header) => {
      seen.push(header);
      return "no thanks";
    });
    expect(outcome).toEqual({ kind: "corrupt", reason: "no thanks", bytes: statSync(path).size });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toHaveProperty("items");
    expect(seen[0]).toMatchObject({ script: "ec2", profile: "p" });
  });

  it("counts lines, not parsed items: a broken middle item is listed, and only the store's read refuses it", async () => {
    // A deliberate trade: `cache ls` is a listing and must not parse every item of every file
    // (that was most of its time). A run that reads the entry still refuses it and fetches again.
    await writeEnvelope(path, envelope([{ InstanceId: "i-1" }, { InstanceId: "i-2" }, { InstanceId: "i-3" }]), dir);
    writeFileSync(path, readFileSync(path, "utf8").replace('{"InstanceId":"i-2"},', "not json at all,"));
    expect(inspectSays(path)).toBe(3);
    expect(await storeSays(path)).toBe("corrupt");
  });

  it("tells a file of another version, or not ours at all, by its schemaVersion alone", () => {
    expect(envelopeProblem({ not: "an entry" })).toBe("not an awstriage v1 cache file (schemaVersion: missing)");
    expect(envelopeProblem({ schemaVersion: 2, script: "ec2" })).toBe(
      "not an awstriage v1 cache file (schemaVersion: found 2)",
    );
    // The right version with a field wrong is still judged field by field.
    expect(envelopeProblem({ schemaVersion: 1 })).toMatch(/^not an awstriage v1 cache file \((?!schemaVersion)\w+/);
  });
});
