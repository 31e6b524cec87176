/** The shape of an SDK item after the cache's JSON round trip: its Date fields are ISO strings. */
export type JsonDates<T> = { [K in keyof T]: T[K] extends Date | undefined ? string | Date | undefined : T[K] };
