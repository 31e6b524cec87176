/**
 * A small ustar writer and reader for bundles (tar.gz through node:zlib): regular files only.
 * Why not a dependency: a bundle holds a few dozen JSON files that awstriage itself wrote, and
 * the reader must refuse what an evidence bundle never holds (links, devices, absolute or `..`
 * paths) rather than extract it; forty lines of format are easier to audit than a package
 * whose job is to handle every tar there is.
 */
import { gunzipSync, gzipSync } from "node:zlib";

const BLOCK = 512;
/** A bundle larger than this, unpacked, is refused (evidence bundles are a few megabytes). */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

export interface TarFile {
  /** A relative path with `/` separators. */
  path: string;
  data: Buffer;
}

export class TarError extends Error {}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf("/", 155);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new TarError(`path too long for a bundle: ${path}`);
  }
  block.write(name, 0, 100, "utf8");
  block.write(octal(0o600, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  // mtime 0: the same files make the same bytes, whenever the bundle is made.
  block.write(octal(0, 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write("0", 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(prefix, 345, 155, "utf8");
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(octal(sum, 7), 148, "ascii");
  return block;
}

/** The files as a gzipped ustar archive. */
export function packTarGz(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    checkPath(file.path);
    parts.push(header(file.path, file.data.length), file.data);
    const pad = (BLOCK - (file.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** Relative, no `..`, no empty or `.` parts, no backslashes: a path that stays inside the folder. */
function checkPath(path: string): void {
  const parts = path.split("/");
  if (path.startsWith("/") || path.includes("\\") || parts.some((p) => p === "" || p === "." || p === ".."))
    throw new TarError(`refusing the path ${JSON.stringify(path)} (absolute, or leaving the bundle)`);
}

const text = (block: Buffer, start: number, length: number): string => {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString("utf8");
};

/** The regular files of a gzipped ustar archive; anything else in it is refused. */
export function unpackTarGz(gz: Buffer): TarFile[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    throw new TarError(
      `not a gzip file, or larger than ${MAX_UNPACKED_BYTES} bytes unpacked (${(error as Error).message})`,
    );
  }
  const files: TarFile[] = [];
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const block = tar.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) break;
    const stored = Number.parseInt(text(block, 148, 8).trim() || "x", 8);
    const sum = block.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 32 : byte), 0);
    if (stored !== sum) throw new TarError(`damaged archive (header checksum at byte ${at})`);
    const prefix = text(block, 345, 155);
    const path = prefix === "" ? text(block, 0, 100) : `${prefix}/${text(block, 0, 100)}`;
    const type = String.fromCharCode(block[156] ?? 0);
    if (type !== "0" && type !== "\0")
      throw new TarError(`refusing ${JSON.stringify(path)}: not a regular file (type ${JSON.stringify(type)})`);
    checkPath(path);
    const size = Number.parseInt(text(block, 124, 12).trim() || "x", 8);
    if (!Number.isSafeInteger(size) || size < 0 || at + BLOCK + size > tar.length)
      throw new TarError(`damaged archive (size of ${JSON.stringify(path)})`);
    files.push({ path, data: Buffer.from(tar.subarray(at + BLOCK, at + BLOCK + size)) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
