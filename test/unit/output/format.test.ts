import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { cellText, renderTable, writeRecords } from "../../../src/output/format.js";
import { contextLine } from "../../../src/output/context-line.js";

async function capture(records: unknown[], format: "json" | "ndjson" | "table"): Promise<string> {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  await writeRecords(records, format, { stream, columns: ["id", "n"] });
  return text;
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
  it("json of nothing is an empty array", async () => expect(JSON.parse(await capture([], "json"))).toEqual([]));
  it("ndjson is one record per line", async () => {
    const lines = (await capture(records, "ndjson")).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(records);
  });
  it("streams large outputs in chunks without losing records", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `i-${i}`, pad: "x".repeat(50) }));
    expect(JSON.parse(await capture(many, "json"))).toHaveLength(5000);
  });
  it("table aligns the chosen columns under a header", async () => {
    const text = await capture(records, "table");
    expect(text).toBe("id  n\na   1\nb   -\n");
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

describe("contextLine", () => {
  it("names account, regions, profile, caller and each source's cache state", () => {
    const line = contextLine(
      {
        account: "111122223333",
        regions: ["us-east-1", "eu-west-1"],
        profile: "dev",
        arn: "arn:aws:iam::111122223333:user/me",
      },
      [
        {
          path: "/c/a.json",
          script: "ec2",
          resource: "instances",
          region: "us-east-1",
          fetchedAt: "",
          fromCache: true,
          ageSeconds: 42,
        },
        {
          path: "/c/b.json",
          script: "ec2",
          resource: "instances",
          region: "eu-west-1",
          fetchedAt: "",
          fromCache: false,
          ageSeconds: 0,
        },
      ],
    );
    expect(line).toBe(
      "awstriage: account 111122223333 | regions us-east-1,eu-west-1 | profile dev | arn:aws:iam::111122223333:user/me | ec2/instances: fetched eu-west-1, cache 42s old us-east-1\n",
    );
  });
});
