/**
 * Reading cache entries for a run: open the file (envelope-file.ts), check its header, let the
 * policy (policy.ts, or any `judge`) decide whether it may be served, then read its items now,
 * or later as they are iterated.
 */
import { fail } from "../errors/errors.js";
import { openEnvelopeFile, UnusableFile, withEnvelopeFile } from "./envelope-file.js";
import { envelopeProblem, type EnvelopeHeader } from "./envelope.js";
import { entryAge, type Verdict } from "./policy.js";

/** Where an item came from, for mappers that build records. */
export interface ItemContext {
  account: string | null;
  region: string;
}

/**
 * Turns one raw item into what a command keeps, or undefined to drop it. On a cache hit it
 * runs while the file is read, so the raw items are never all in memory at once. A mapper
 * that finds an item no AWS answer could hold throws `UnusableFile`: the entry is then
 * unusable (a warning and a refetch online, exit 5 offline).
 */
export type ItemMapper<T, R> = (item: T, context: ItemContext) => R | undefined;

export type ReadOutcome<R = unknown> =
  /** Served, with the items `mapItem` kept. */
  | { kind: "hit"; envelope: EnvelopeHeader & { items: R[] }; ageMs: number; immutable?: boolean }
  /** Served, but its items are left unread (`itemsLater`); the file was checked to be complete. */
  | { kind: "usable"; header: EnvelopeHeader; ageMs: number; immutable?: boolean }
  /** A good entry the judge will not serve: too old, from the future, another account's. */
  | { kind: "stale"; why: Exclude<Verdict, { use: true }>["why"]; detail: string; ageMs: number }
  | { kind: "missing" }
  | { kind: "corrupt"; reason: string };

export interface ReadOptions<R> {
  /** What to keep of each item (see ItemMapper); by default, the raw item. */
  mapItem?: ItemMapper<unknown, R> | undefined;
  /** Whether the entry may be served (see policy.ts); by default, at any age. */
  judge?: ((header: EnvelopeHeader) => Verdict) | undefined;
  /** Check a usable file is complete but leave its items unread (`streamItems` reads them). */
  itemsLater?: boolean | undefined;
}

/** Reads and checks a cache file; the envelope's items are what `mapItem` kept. */
export async function readEnvelope<R = unknown>(
  path: string,
  now = Date.now(),
  options: ReadOptions<R> = {},
): Promise<ReadOutcome<R>> {
  const { mapItem, itemsLater = false } = options;
  const judge = options.judge ?? ((header: EnvelopeHeader): Verdict => ({ use: true, ageMs: entryAge(header, now) }));
  // The file is read synchronously (see line-reader.ts); yield to the event loop first, so
  // that a caller polling in a loop never starves pending I/O (a concurrent write, say).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const outcome = withEnvelopeFile(path, (file): ReadOutcome<R> => {
    const problem = envelopeProblem(file.header);
    if (problem !== undefined) return { kind: "corrupt", reason: problem };
    const header = file.header as EnvelopeHeader;
    const verdict = judge(header);
    if (!verdict.use) return { kind: "stale", why: verdict.why, detail: verdict.detail, ageMs: verdict.ageMs };
    const ageMs = Math.max(0, verdict.ageMs);
    const immutable = verdict.immutable ? { immutable: true } : {};
    if (itemsLater) {
      if (!file.isComplete()) return { kind: "corrupt", reason: "not valid JSON (truncated?)" };
      return { kind: "usable", header, ageMs, ...immutable };
    }
    const items = mapped(file.items(), header, mapItem);
    return { kind: "hit", envelope: { ...header, items: [...items] }, ageMs, ...immutable };
  });
  return outcome.kind === "unusable" ? { kind: "corrupt", reason: outcome.reason } : outcome;
}

function* mapped<R>(items: Iterable<unknown>, context: ItemContext, mapItem: ItemMapper<unknown, R> | undefined) {
  if (mapItem === undefined) {
    yield* items as Iterable<R>;
    return;
  }
  for (const item of items) {
    const kept = mapItem(item, context);
    if (kept !== undefined) yield kept;
  }
}

/** Fresh items as a cache hit would give them, through the same mapper. */
export function mapItems<T, R>(items: T[], context: ItemContext, mapItem: ItemMapper<T, R> | undefined): R[] {
  return [...mapped(items, context, mapItem as ItemMapper<unknown, R> | undefined)];
}

/**
 * The items of a cache file as `mapItem` keeps them, read one at a time as they are iterated
 * (each iteration reads the file afresh). A file that turns out damaged part-way, or that
 * another run replaced with something unusable in the meantime, ends the iteration with exit 5.
 */
export function streamItems<R = unknown>(path: string, mapItem?: ItemMapper<unknown, R>): Iterable<R> {
  return {
    *[Symbol.iterator]() {
      try {
        yield* streamFile(path, mapItem);
      } catch (error) {
        if (!(error instanceof UnusableFile)) throw error;
        throw fail("CacheChangedWhileRead", { path, reason: error.reason });
      }
    },
  };
}

function* streamFile<R>(path: string, mapItem: ItemMapper<unknown, R> | undefined): Generator<R> {
  const opened = openEnvelopeFile(path);
  if (opened.kind === "missing") throw new UnusableFile("removed while it was being read");
  if (opened.kind === "unusable") throw new UnusableFile(opened.reason);
  try {
    // The header is checked again: the file may have been replaced since it was first looked at.
    const problem = envelopeProblem(opened.file.header);
    if (problem !== undefined) throw new UnusableFile(problem);
    yield* mapped(opened.file.items(), opened.file.header as EnvelopeHeader, mapItem);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string") throw new UnusableFile(`unreadable (${code})`);
    throw error;
  } finally {
    opened.close();
  }
}
