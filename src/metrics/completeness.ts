/**
 * Whether a GetMetricData answer is the whole answer. AWS answers `PartialData` when a query
 * asked for more than one call gives (the rest follows with NextToken) or when data is still
 * arriving, and it attaches `Messages` when it could not do all it was asked. Datapoints of
 * such an answer are real but incomplete: a sum or a maximum from them is a lower bound, and a
 * rate with one as its denominator is no rate at all. Every reader of GetMetricData results
 * asks here, so "complete" means the same thing everywhere.
 */

/** The part of a (cached) GetMetricData result that says how complete it is. */
export interface AnswerStatus {
  StatusCode?: string | undefined;
  Messages?: ReadonlyArray<{ Code?: string | undefined; Value?: string | undefined }> | undefined;
}

export type Completeness =
  | { kind: "complete" }
  /** Datapoints were kept, but more exist: what they add up to is a lower bound. */
  | { kind: "partial"; reason: string }
  /** No usable datapoints: the query failed (`InternalError`, `Forbidden`, a failed call). */
  | { kind: "unanswered"; reason: string };

/** Statuses that carry no datapoints worth reading. */
const UNANSWERED = new Set(["InternalError", "Forbidden"]);

const messageText = (messages: AnswerStatus["Messages"]): string =>
  (messages ?? []).map((m) => [m.Code, m.Value].filter(Boolean).join(": ")).join("; ");

/**
 * `Complete` with no message is complete; `PartialData`, or any status with a message, is
 * partial; a failed query is unanswered. A result with no status at all (an old cache, an
 * emulator that leaves it out) is taken as complete, as it always was.
 */
export function completenessOf(result: AnswerStatus | undefined): Completeness {
  const status = result?.StatusCode;
  const messages = messageText(result?.Messages);
  if (status !== undefined && UNANSWERED.has(status))
    return { kind: "unanswered", reason: messages === "" ? status : `${status} (${messages})` };
  if (status !== undefined && status !== "Complete")
    return { kind: "partial", reason: messages === "" ? status : `${status} (${messages})` };
  if (messages !== "") return { kind: "partial", reason: `${status ?? "Complete"} with messages (${messages})` };
  return { kind: "complete" };
}

export const isPartial = (result: AnswerStatus | undefined): boolean => completenessOf(result).kind === "partial";

/** What a record says about its completeness (appended after its other fields). */
export interface PartialMark {
  /** true when some value of the record comes from an incomplete answer and is a lower bound. */
  partial: boolean;
  /** Why, as CloudWatch said it (`Invocations: PartialData`); null when complete. */
  partialReason: string | null;
}

export const COMPLETE: PartialMark = { partial: false, partialReason: null };

/** One mark from the reasons of the parts a record was built from (named, e.g. `Invocations: …`). */
export function markOf(reasons: readonly string[]): PartialMark {
  const unique = [...new Set(reasons)];
  return unique.length === 0 ? COMPLETE : { partial: true, partialReason: unique.join("; ") };
}

/**
 * The stderr line for partial answers: how many, which (the first few), and what it means for
 * the numbers. `what` names the command's values (`counts`, `datapoints`, `values`).
 */
export function partialWarning(region: string, which: readonly string[], what: string): string {
  const named = [...new Set(which)];
  const shown = named.slice(0, 5).join(", ") + (named.length > 5 ? ", ..." : "");
  return `CloudWatch answered ${which.length} query(ies) in ${region} incompletely (${shown}): those ${what} are lower bounds (marked partial), and no rate is computed from a partial count`;
}
