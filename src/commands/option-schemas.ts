/** zod pieces the service commands share for their local options. */
import { z } from "zod";

export { positiveInt } from "../options.js";

/** `a,b , c` → ["a", "b", "c"]; absent stays undefined. */
export const commaList = z
  .string()
  .optional()
  .transform((value) => (value === undefined ? undefined : value.split(",").map((v) => v.trim()).filter(Boolean)));

/** A comma list whose every entry must be one of `allowed`. */
export const enumList = (flag: string, allowed: readonly string[]) =>
  commaList.refine((values) => values === undefined || values.every((v) => allowed.includes(v)), {
    message: `${flag} must be one or more of ${allowed.join(", ")} (comma-separated)`,
  });

/** Repeatable `--flag KEY=VALUE` → `{KEY: VALUE}`; both sides must be non-empty. */
export const keyValueMap = (flag: string) =>
  z
    .array(z.string())
    .optional()
    .transform((pairs, ctx) => {
      const map: Record<string, string> = {};
      for (const pair of pairs ?? []) {
        const eq = pair.indexOf("=");
        if (eq <= 0 || eq === pair.length - 1) {
          ctx.addIssue({ code: "custom", message: `${flag} must be KEY=VALUE, got "${pair}"` });
          return z.NEVER;
        }
        map[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return map;
    });

/** commander's collector for repeatable options. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
