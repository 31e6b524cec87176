/**
 * Dates as awstriage keeps them: ISO-8601 UTC strings. A cached SDK item has been through
 * JSON, so its Date fields come back as strings; normalizers accept both.
 */

/** The shape of an SDK item after the cache's JSON round trip: its Date fields are ISO strings. */
export type JsonDates<T> = { [K in keyof T]: T[K] extends Date | undefined ? string | Date | undefined : T[K] };

/** An ISO-8601 UTC timestamp from a Date, an ISO string or epoch milliseconds; null if absent or invalid. */
export function isoOrNull(value: string | Date | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Epoch milliseconds as an ISO-8601 UTC timestamp. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();
