/**
 * The one ordering every command sorts its records with: plain UTF-16 code-unit order, as
 * `<` compares strings. Unlike `localeCompare` it is the same in every locale and ICU
 * version, so output (and triage's findings) are byte-identical from run to run and from
 * machine to machine; for the ASCII ids, regions and ISO-8601 timestamps it sorts, it is
 * also the natural order.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Region, then the record's own id: how every list command orders its merged records. */
export function byRegionThen<T extends { region: string }>(id: (record: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(a.region, b.region) || compareText(id(a), id(b));
}
