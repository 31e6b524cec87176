/**
 * The cache envelope (DESIGN.md "The cache"): its schema, the header check every reader
 * applies, and the types the store and its callers share.
 */
// zod/mini, not zod: this module is on every run's path (see options.ts).
import * as z from "zod/mini";

export const CACHE_SCHEMA_VERSION = 1;

/**
 * The envelope is validated on every read; items are only checked to be an array, because
 * awstriage wrote them itself and validating every instance would dominate a cache hit.
 * Built on first use, not at import (this module is loaded on runs that read no cache).
 */
const buildEnvelopeSchema = () =>
  z.object({
    schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
    script: z.string(),
    resource: z.string(),
    profile: z.string(),
    account: z.nullable(z.string()),
    region: z.string(),
    params: z.record(z.string(), z.unknown()),
    fetchedAt: z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), "fetchedAt must be a timestamp")),
    awstriageVersion: z.string(),
    /** The absolute time window a windowed fetch (metrics, log searches) covered; the key holds it as typed. */
    window: z.optional(z.object({ start: z.string(), end: z.string(), fixed: z.optional(z.boolean()) })),
    items: z.custom<unknown[]>((value) => Array.isArray(value), "items must be an array"),
  });
let envelopeSchemaInstance: ReturnType<typeof buildEnvelopeSchema> | undefined;
let headerSchema: z.ZodMiniType<unknown> | undefined;

export function envelopeSchema(): ReturnType<typeof buildEnvelopeSchema> {
  envelopeSchemaInstance ??= buildEnvelopeSchema();
  return envelopeSchemaInstance;
}

export type Envelope = z.infer<ReturnType<typeof buildEnvelopeSchema>>;
/** The envelope without its items: what a reader sees before any item. */
export type EnvelopeHeader = Omit<Envelope, "items">;

/** ISO-8601 UTC start and end of the data a windowed fetch asked for. */
export type TimeWindow = NonNullable<Envelope["window"]>;

/** The envelope without its items is validated (items are only checked to be an array). */
export function envelopeProblem(header: Record<string, unknown>): string | undefined {
  // Another version's entry, or a file awstriage did not write, is told by its version alone:
  // zod would make an issue of every missing field, and `cache ls` over a folder of a
  // tool's leftovers spent most of its memory on those issues.
  const version = header.schemaVersion;
  if (version !== CACHE_SCHEMA_VERSION) {
    const found = version === undefined ? "missing" : `found ${JSON.stringify(version)?.slice(0, 20)}`;
    return `not an awstriage v${CACHE_SCHEMA_VERSION} cache file (schemaVersion: ${found})`;
  }
  headerSchema ??= z.omit(envelopeSchema(), { items: true });
  const parsed = headerSchema.safeParse(header);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `not an awstriage v${CACHE_SCHEMA_VERSION} cache file (${issue?.path.join(".") || "root"}: ${issue?.message})`;
}

/**
 * Whether awstriage wrote this header, whatever its schema version: `cache clear` removes
 * such files (an older or newer awstriage's entries among them) and nothing else.
 */
export function isAwstriageHeader(header: Record<string, unknown>): boolean {
  return (
    typeof header.schemaVersion === "number" &&
    typeof header.awstriageVersion === "string" &&
    typeof header.script === "string"
  );
}
