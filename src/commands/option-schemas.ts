/**
 * zod pieces the service commands share for their local options. zod/mini, not zod: these
 * modules are on the path of every command, cache hits included (see options.ts).
 */
import * as z from "zod/mini";
import { rejectInput } from "../options/options.js";

export { positiveInt } from "../options/options.js";

/** `a,b , c` → ["a", "b", "c"]; absent stays undefined. */
export const commaList = z.optional(
  z.pipe(
    z.string(),
    z.transform((value) =>
      value
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ),
);

/**
 * A comma list whose every entry must be one of `allowed`, in any case (`--state alarm` at
 * 3 a.m. means ALARM), given back as `allowed` spells it.
 */
export const enumList = (flag: string, allowed: readonly string[]) =>
  z
    .pipe(
      commaList,
      z.transform((values) => values?.map((v) => allowed.find((name) => name.toLowerCase() === v.toLowerCase()) ?? v)),
    )
    .check(
      z.refine(
        (values) => values === undefined || values.every((v) => allowed.includes(v)),
        `${flag} must be one or more of ${allowed.join(", ")} (comma-separated)`,
      ),
    );

export interface KeyValue {
  key: string;
  value: string;
}

/**
 * Repeatable `--flag KEY=VALUE` → `[{key, value}]` in the order given, split at the first `=`
 * (so a value may hold `=`). KEY must be non-empty; so must VALUE unless `emptyValue` allows
 * it (a tag may have an empty value; a metric dimension may not). Absent gives [].
 */
export const keyValuePairs = (flag: string, { emptyValue = false }: { emptyValue?: boolean } = {}) =>
  z.pipe(
    z.optional(z.array(z.string())),
    z.transform((texts, ctx): KeyValue[] => {
      const pairs: KeyValue[] = [];
      for (const text of texts ?? []) {
        const eq = text.indexOf("=");
        if (eq <= 0 || (!emptyValue && eq === text.length - 1))
          return rejectInput(ctx, `${flag} must be KEY=VALUE, got "${text}"`);
        pairs.push({ key: text.slice(0, eq), value: text.slice(eq + 1) });
      }
      return pairs;
    }),
  );

/** Repeatable `--flag KEY=VALUE` → `{KEY: VALUE}` (the last of a repeated KEY wins); both sides must be non-empty. */
export const keyValueMap = (flag: string) =>
  z.pipe(
    keyValuePairs(flag),
    z.transform((pairs) => Object.fromEntries(pairs.map(({ key, value }) => [key, value])) as Record<string, string>),
  );

/** commander's collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A log group name argument (`logs search GROUP`, `logs tail GROUP`). */
export const logGroupNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, "GROUP must be a log group name, e.g. /aws/lambda/api"));
