/**
 * The config file's schema, built from the rule registry so that an unknown rule id or
 * threshold is an error naming its key, and each threshold is checked in its own unit.
 */
import * as z from "zod/mini";
import { parseDuration } from "../time/duration.js";
import { AwstriageError } from "../errors/errors.js";
import { rejectInput } from "../options/options.js";
import { SEVERITIES } from "../records/index.js";
import { RULES } from "../rules/registry.js";
import type { ThresholdSpec } from "../rules/rule.js";
import type { JudgementSettings } from "../rules/settings.js";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
// Date.parse rolls 2027-02-30 over to March 2: the day must come back as it was written.
const isDay = (text: string) =>
  DAY_RE.test(text) &&
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const day = () => z.string().check(z.refine(isDay, "expected a date as YYYY-MM-DD"));

function thresholdValue(spec: ThresholdSpec) {
  switch (spec.unit) {
    case "fraction":
      return z
        .number()
        .check(z.gte(0, "a rate is a fraction from 0 to 1"), z.lte(1, "a rate is a fraction from 0 to 1"));
    case "number":
      return z.number().check(z.gte(0, "expected a number of 0 or more"));
    case "duration":
      return z.pipe(
        z.string(),
        z.transform((text, ctx) => {
          try {
            return parseDuration(text, "duration");
          } catch (error) {
            if (error instanceof AwstriageError) return rejectInput(ctx, error.message);
            throw error;
          }
        }),
      );
  }
}

function ruleSettingsSchema(thresholds: Readonly<Record<string, ThresholdSpec>>) {
  const shape = Object.fromEntries(
    Object.entries(thresholds).map(([name, spec]) => [name, z.optional(thresholdValue(spec))]),
  );
  return z.strictObject({
    enabled: z.optional(z.boolean()),
    severity: z.optional(z.enum(SEVERITIES)),
    thresholds: z.optional(z.strictObject(shape)),
  });
}

const ruleIds = () => RULES.map((rule) => rule.id) as [string, ...string[]];

let built: ReturnType<typeof buildSchema> | undefined;

function buildSchema() {
  const rules = z.strictObject(
    Object.fromEntries(RULES.map((rule) => [rule.id, z.optional(ruleSettingsSchema(rule.thresholds ?? {}))])),
  );
  const runtime = z.union([day(), z.strictObject({ deprecatedOn: day(), name: z.optional(z.string()) })]);
  const suppression = z.strictObject({
    ruleId: z.enum(ruleIds()),
    resourceId: z.string().check(z.minLength(1)),
    account: z.optional(z.string().check(z.regex(/^\d{12}$/, "expected a 12-digit account id"))),
    region: z.optional(z.string()),
    until: z.optional(day()),
    reason: z.string().check(z.minLength(1, "say why the finding is suppressed")),
  });
  return z.pipe(
    z.strictObject({
      $schema: z.optional(z.string()),
      rules: z.optional(rules),
      runtimes: z.optional(z.record(z.string(), runtime)),
      suppress: z.optional(z.array(suppression)),
      logEvidence: z.optional(
        z.strictObject({
          pattern: z.optional(z.string().check(z.minLength(1, "a FilterLogEvents pattern, e.g. ?ERROR ?Exception"))),
          maxEvents: z.optional(
            z
              .number()
              .check(
                z.int("expected a whole number of events"),
                z.gte(1, "at least 1 event"),
                z.lte(10_000, "at most 10000 events"),
              ),
          ),
        }),
      ),
    }),
    z.transform(
      (config): JudgementSettings => ({
        rules: (config.rules ?? {}) as JudgementSettings["rules"],
        runtimes: Object.entries(config.runtimes ?? {}).map(([id, entry]) =>
          typeof entry === "string"
            ? { runtime: id, name: id, deprecatedOn: entry }
            : { runtime: id, name: entry.name ?? id, deprecatedOn: entry.deprecatedOn },
        ),
        suppress: config.suppress ?? [],
        ...(config.logEvidence === undefined ? {} : { logEvidence: config.logEvidence }),
      }),
    ),
  );
}

/** Built on first use: only commands that judge need it. */
export function judgementSchema() {
  built ??= buildSchema();
  return built;
}
