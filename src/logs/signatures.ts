/**
 * Log lines grouped by what they say, not by their numbers: each message is reduced to a
 * signature with the parts that change from line to line masked (timestamps, UUIDs, hex, ids,
 * numbers, quoted values), so `Timeout after 3001 ms calling orders-db (req 7f3a…)` and
 * `Timeout after 2987 ms calling orders-db (req 91bc…)` are one signature counted twice.
 * Pure functions: the same events always give the same signatures, online and offline.
 */

/** One group of log lines that say the same thing. */
export interface LogSignature {
  /** The message with its variable parts masked (`<n>`, `<id>`, `<uuid>`, `<hex>`, `<time>`, `<str>`). */
  signature: string;
  count: number;
  /** count / events read; a share of a sample when the read stopped early (see `complete`). */
  share: number;
  firstAt: string;
  lastAt: string;
  /** The first line with this signature, as logged (JSON keeps it exact; tables sanitise it). */
  example: string;
}

/** How much of a signature a person reads; the rest of a long line adds nothing to grouping. */
const MAX_SIGNATURE = 200;

/** Masks, in order: the wider patterns first, so a UUID is not read as hex and numbers. */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/"(?:[^"\\]|\\.)*"/g, "<str>"],
  [/'(?:[^'\\]|\\.)*'/g, "<str>"],
  // Prefixed ids with a digit (`i-0abc12`, `req-91bc`); `orders-db` has none and stays.
  [/\b[a-z]+-(?=[\w-]*\d)[\w-]+\b/gi, "<id>"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  // Hex runs with at least one digit and one letter (request ids, hashes, `7f3a…`).
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{4,}\b/gi, "<hex>"],
  // Words that mix letters and digits (`i-0abc12`, `req42`, `v2`): ids.
  [/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[a-z0-9][\w-]*\b/gi, "<id>"],
  [/\d+(?:\.\d+)?/g, "<n>"],
];

/**
 * The line of a message that says what went wrong: the first non-empty line, except that a
 * Python traceback says it on its last line (`KeyError: 'order'`).
 */
function telling(message: string): string {
  const lines = message.split(/\r?\n|\r/).filter((line) => line.trim() !== "");
  const first = lines[0] ?? "";
  if (/^\s*Traceback \(most recent call last\)/.test(first)) return lines[lines.length - 1] ?? first;
  return first;
}

/** A message's signature: its telling line with every variable part masked, blanks collapsed. */
export function signatureOf(message: string): string {
  let text = telling(message);
  for (const [pattern, mask] of MASKS) text = text.replace(pattern, mask);
  text = text.replace(/\s+/g, " ").trim();
  return text.length > MAX_SIGNATURE ? `${text.slice(0, MAX_SIGNATURE - 1)}…` : text;
}

/** A log event as the grouping needs it (FilterLogEvents' fields, timestamps as epoch ms). */
export interface SignatureEvent {
  timestamp?: number | undefined;
  message?: string | undefined;
}

const iso = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString());

/**
 * The `top` most frequent signatures of `events`, most frequent first (ties: the earlier first
 * seen), each with its share of all events read, first and last time and an example line.
 */
export function groupSignatures(events: readonly SignatureEvent[], top = 3): LogSignature[] {
  const groups = new Map<string, { count: number; first: number; last: number; example: string; order: number }>();
  for (const event of events) {
    const message = event.message ?? "";
    const signature = signatureOf(message);
    const at = event.timestamp ?? 0;
    const group = groups.get(signature);
    if (group === undefined) {
      groups.set(signature, { count: 1, first: at, last: at, example: message, order: groups.size });
      continue;
    }
    group.count += 1;
    if (at < group.first) {
      group.first = at;
      group.example = message;
    }
    if (at > group.last) group.last = at;
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.order - b.order)
    .slice(0, top)
    .map(([signature, g]) => ({
      signature,
      count: g.count,
      share: events.length === 0 ? 0 : g.count / events.length,
      firstAt: iso(g.first),
      lastAt: iso(g.last),
      example: g.example,
    }));
}
