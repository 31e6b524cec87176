/**
 * What a file-system error code means to a person, beside the code itself (kept for searching):
 * `ENOENT (no such file or folder)`. Codes without a reading here stay as they are.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EISDIR: "it is a folder",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
};

/** `ENOENT (no such file or folder)`; an unknown code, or no code, as given. */
export function errnoText(code: string | undefined, fallback = "unknown error"): string {
  if (code === undefined) return fallback;
  const meaning = MEANINGS[code];
  return meaning === undefined ? code : `${code} (${meaning})`;
}
