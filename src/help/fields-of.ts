/**
 * The type-checked field list helper behind help/record-fields.ts: `fieldsOf<T>()([...])` is a
 * type error unless the list names exactly the keys of T, so help and docs cannot drift from
 * the record types.
 */
/** Exactly the keys of T: a missing key or one T does not have is a type error. */
type Exhaustive<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? [Exclude<K[number], keyof T>] extends [never]
    ? K
    : { error: "not a field of the record type"; extra: Exclude<K[number], keyof T> }
  : { error: "a field of the record type is missing"; missing: Exclude<keyof T, K[number]> };

export const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(keys: K & Exhaustive<T, K>): readonly string[] =>
    keys;

export interface RecordFields {
  /** The record type's name, as docs/records.md and src/records/ call it. */
  type: string;
  fields: readonly string[];
  /** Said after the list: fields that vary, or what a field means. */
  note?: string;
}
