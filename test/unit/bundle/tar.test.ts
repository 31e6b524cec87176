/** The bundle's tar.gz: round trip, deterministic bytes, and refusal of anything but regular files inside. */
import { gzipSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { packTarGz, TarError, unpackTarGz } from "../../../src/bundle/tar.js";

const files = [
  { path: "manifest.json", data: Buffer.from('{"a":1}\n') },
  { path: `cache/lambda/${"p".repeat(90)}/us-east-1/metrics-0123456789ab.json`, data: Buffer.alloc(1500, 7) },
  { path: "empty.json", data: Buffer.alloc(0) },
];

/** Sets the type flag of the first header (and fixes its checksum), as another tar writer would. */
function withType(gz: Buffer, type: string, name?: string): Buffer {
  const tar = gunzipSync(gz);
  if (name !== undefined) {
    tar.fill(0, 0, 100);
    tar.write(name, 0, "utf8");
  }
  tar.write(type, 156, "ascii");
  tar.write("        ", 148, "ascii");
  const sum = tar.subarray(0, 512).reduce((t, b) => t + b, 0);
  tar.write(`${sum.toString(8).padStart(6, "0")}\0`, 148, "ascii");
  return gzipSync(tar);
}

describe("bundle tar.gz", () => {
  it("round-trips files (long paths through the ustar prefix), byte for byte and deterministically", () => {
    const packed = packTarGz(files);
    expect(unpackTarGz(packed)).toEqual(files);
    expect(packTarGz(files).equals(packed)).toBe(true);
  });

  it("refuses links, devices and folders inside an archive", () => {
    for (const type of ["1", "2", "3", "5", "6"])
      expect(() => unpackTarGz(withType(packTarGz(files), type)), type).toThrow(/not a regular file/);
  });

  it("refuses absolute and `..` paths, writing and reading", () => {
    expect(() => packTarGz([{ path: "../x", data: Buffer.alloc(1) }])).toThrow(TarError);
    expect(() => packTarGz([{ path: "/etc/x", data: Buffer.alloc(1) }])).toThrow(TarError);
    for (const name of ["../../etc/cron.d/x", "/etc/passwd", "cache/./x", "a//b"])
      expect(() => unpackTarGz(withType(packTarGz(files), "0", name)), name).toThrow(/refusing the path/);
  });

  it("refuses a damaged header and what is not gzip", () => {
    const tar = gunzipSync(packTarGz(files));
    tar[10] = (tar[10] ?? 0) ^ 0xff;
    expect(() => unpackTarGz(gzipSync(tar))).toThrow(/checksum/);
    expect(() => unpackTarGz(Buffer.from("not gzip"))).toThrow(/not a gzip file/);
  });
});
