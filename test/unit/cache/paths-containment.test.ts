/**
 * No profile, role, region, resource, log group or parameter can move a cache path out of
 * the cache root, and no two identities share a folder. Property-based (fast-check) plus
 * the named nasty cases.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isAbsolute, relative, sep } from "node:path";
import { assertInside, cacheFilePath, cacheIdentity, safeSegment } from "../../../src/cache/paths.js";

const ROOT = "/var/cache/awstriage-test";

const NASTY = [
  "..",
  ".",
  "../../x",
  "../../../../etc/passwd",
  "/",
  "/etc",
  "a/../../b",
  "/aws/lambda/my-function",
  "/aws/containerinsights/prod/application",
  "C:\\Windows\\system32",
  "..\\..\\x",
  "name\u0000.json",
  "line\nbreak",
  "~",
  "~/x",
  "$HOME",
  "café",
  "😀",
  " ",
  "",
  "-rf",
  ".hidden",
  "a".repeat(300),
  "../".repeat(100),
  "é".repeat(200),
];

/** Strings made of path-significant pieces, plus arbitrary unicode. */
const hostile = fc.oneof(
  fc.constantFrom(...NASTY),
  fc
    .array(fc.constantFrom("..", ".", "/", "\\", "a", "Z", "~", "\u0000", " ", "é", "-", "_", "%2e", ":"), {
      maxLength: 40,
    })
    .map((parts) => parts.join("")),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 80 }),
);

const params = fc.dictionary(
  fc.string({ maxLength: 20 }),
  fc.oneof(hostile, fc.integer(), fc.array(hostile, { maxLength: 3 })),
  { maxKeys: 4 },
);

function expectContained(path: string): void {
  const rel = relative(ROOT, path);
  expect(isAbsolute(rel)).toBe(false);
  const segments = rel.split(sep);
  expect(segments).toHaveLength(4); // script/identity/region/file, nothing more, nothing less
  for (const segment of segments) {
    expect(segment === "." || segment === ".." || segment === "").toBe(false);
    expect(segment).toMatch(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/);
    expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(100);
  }
}

describe("cache paths", () => {
  it("every segment from user input stays one plain segment inside the root (property)", () => {
    fc.assert(
      fc.property(
        hostile,
        hostile,
        hostile,
        hostile,
        fc.option(hostile, { nil: undefined }),
        params,
        (script, profile, region, resource, role, p) => {
          const path = cacheFilePath(ROOT, {
            script,
            identity: cacheIdentity(profile, role),
            region,
            resource,
            params: p,
          });
          expectContained(path);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each(NASTY.map((value) => ({ value, label: JSON.stringify(value).slice(0, 24) })))(
    "the named case $label as a profile, region, resource or log-group parameter stays inside",
    ({ value: nasty }) => {
      expectContained(
        cacheFilePath(ROOT, {
          script: "logs",
          identity: cacheIdentity(nasty),
          region: nasty,
          resource: nasty,
          params: { group: nasty },
        }),
      );
      expectContained(
        cacheFilePath(ROOT, {
          script: nasty,
          identity: cacheIdentity("p", `arn:aws:iam::123456789012:role/${nasty}`),
          region: "us-east-1",
          resource: "events",
        }),
      );
    },
  );

  it("--profile ../../x gets a sanitised, hashed folder", () => {
    expect(safeSegment("../../x")).toMatch(/^x~[0-9a-f]{10}$/);
    expect(
      cacheFilePath(ROOT, {
        script: "ec2",
        identity: cacheIdentity("../../x"),
        region: "us-east-1",
        resource: "instances",
      }),
    ).toMatch(new RegExp(`^${ROOT}/ec2/x[\\w~]*~[0-9a-f]{10}/us-east-1/instances\\.json$`));
  });

  it("plain names are kept as they are, so the cache stays readable", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,30}$/), (name) => {
        expect(safeSegment(name)).toBe(name);
      }),
    );
    expect(cacheFilePath(ROOT, { script: "ec2", identity: "prod", region: "eu-west-1", resource: "instances" })).toBe(
      `${ROOT}/ec2/prod/eu-west-1/instances.json`,
    );
  });

  it("different inputs never share a segment (property)", () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        if (a !== b) expect(safeSegment(a)).not.toBe(safeSegment(b));
      }),
      { numRuns: 1000 },
    );
    // Inputs that sanitise alike are told apart by the hash.
    expect(safeSegment("a/b")).not.toBe(safeSegment("a\\b"));
    expect(safeSegment("a".repeat(300))).not.toBe(safeSegment("a".repeat(301)));
  });

  it("identities: with and without a role, different roles, and long profiles with one prefix never share a folder", () => {
    const role = "arn:aws:iam::123456789012:role/Auditor";
    const ids = [
      cacheIdentity("prod"),
      cacheIdentity("prod", role),
      cacheIdentity("prod", "arn:aws:iam::210987654321:role/Auditor"),
      cacheIdentity("staging", role),
      cacheIdentity("p".repeat(60), role),
      cacheIdentity(`${"p".repeat(60)}-eu`, role),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    fc.assert(
      fc.property(hostile, hostile, fc.option(hostile, { nil: undefined }), (p1, p2, r) => {
        if (p1 !== p2) expect(cacheIdentity(p1, r)).not.toBe(cacheIdentity(p2, r));
      }),
      { numRuns: 500 },
    );
  });

  it("parameters (log groups with slashes, odd characters) only ever reach the file name as a hash", () => {
    const a = cacheFilePath(ROOT, {
      script: "logs",
      identity: "p",
      region: "us-east-1",
      resource: "events",
      params: { group: "/aws/lambda/../../../x" },
    });
    const b = cacheFilePath(ROOT, {
      script: "logs",
      identity: "p",
      region: "us-east-1",
      resource: "events",
      params: { group: "/aws/lambda/y" },
    });
    expect(a).toMatch(/\/events-[0-9a-f]{12}\.json$/);
    expect(a).not.toBe(b);
  });

  it("assertInside refuses anything outside the root", () => {
    expect(() => assertInside(ROOT, `${ROOT}/../x`)).toThrow(/escapes the cache root/);
    expect(() => assertInside(ROOT, ROOT)).toThrow(/escapes the cache root/);
    expect(() => assertInside(ROOT, "/etc/passwd")).toThrow(/escapes the cache root/);
    expect(() => assertInside(ROOT, `${ROOT}/ec2/x.json`)).not.toThrow();
  });
});
