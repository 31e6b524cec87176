/**
 * A series as one line of characters, for terminal tables: Unicode eighth blocks where the
 * locale is UTF-8, an ASCII ramp where it is not (LC_ALL, else LC_CTYPE, else LANG, as the C
 * library reads them; none set is the POSIX locale, which is ASCII). Pure.
 */

const BLOCKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const ASCII = ["_", ".", ",", "-", "~", "=", "*", "#"];
/** Default width: enough to see a shape, narrow enough for a finding in an 80-column table. */
export const SPARK_WIDTH = 7;

/** True when the locale the environment names is UTF-8. */
export function unicodeLocale(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale);
}

/**
 * `values` squeezed into `width` characters (each the largest value of the periods it covers),
 * scaled from the smallest to the largest; a stretch with no value is a space. A flat series
 * is drawn at the bottom, or at the top when it is flat and not 0.
 */
export function sparkline(values: ReadonlyArray<number | null>, unicode: boolean, width: number = SPARK_WIDTH): string {
  if (values.length === 0 || width <= 0) return "";
  const cells = Math.min(width, values.length);
  const buckets = Array.from({ length: cells }, (_, c) => {
    const part = values.slice(Math.floor((c * values.length) / cells), Math.floor(((c + 1) * values.length) / cells));
    const present = part.filter((v): v is number => v !== null && Number.isFinite(v));
    return present.length === 0 ? null : Math.max(...present);
  });
  const present = buckets.filter((v): v is number => v !== null);
  if (present.length === 0) return " ".repeat(cells);
  const low = Math.min(...present);
  const high = Math.max(...present);
  return buckets.map((v) => glyph(v, low, high, unicode)).join("");
}

/** One value's character between `low` and `high`; a space for none. */
export function glyph(value: number | null, low: number, high: number, unicode: boolean): string {
  const ramp = unicode ? BLOCKS : ASCII;
  if (value === null || !Number.isFinite(value)) return " ";
  if (high === low) return ramp[high === 0 ? 0 : ramp.length - 1] as string;
  return ramp[Math.round(((Math.min(high, Math.max(low, value)) - low) / (high - low)) * (ramp.length - 1))] as string;
}
