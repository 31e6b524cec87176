/**
 * Log evidence: the error lines of a log group over a window, read with one FilterLogEvents
 * pattern, bounded (at most `maxEvents` events in at most MAX_EVIDENCE_CALLS calls), cached
 * like any resource, and grouped into signatures (logs/signatures.ts) when read. Triage reads
 * it for every function with errors in the window; `logs patterns GROUP` for any group.
 */
import type { Invocation } from "../run/invocation.js";
import type { FetchSpec } from "../run/fetch-spec.js";
import type { Batch } from "../rules/types.js";
import type { LogEvidenceRecord } from "../records/index.js";
import type { EventSample } from "../aws/logs.js";
import { AwstriageError, LogGroupNotFoundError } from "../errors/errors.js";
import { partialFailure } from "../run/fan-out.js";
import { groupSignatures } from "../logs/signatures.js";
import { functionLogGroup, normalizeFunction, normalizeLambdaMetrics } from "../normalize/lambda.js";
import { envelopeWindow, type ResolvedWindow } from "../time/window.js";
import { triageLambdaFlow, type MetricsWindow } from "./lambda.js";

/** Lines that say something failed, in the runtimes' own words (Lambda's timeout included). */
export const DEFAULT_EVIDENCE_PATTERN = '?ERROR ?Error ?Exception ?Traceback ?"Task timed out"';
export const DEFAULT_EVIDENCE_EVENTS = 1_000;
/** FilterLogEvents calls per group at most: a large group answers pages with no events while it scans. */
export const MAX_EVIDENCE_CALLS = 10;
/** Signatures kept per resource. */
export const TOP_SIGNATURES = 3;

/** The config file's `logEvidence` (config/schema.ts). */
export interface EvidenceSettings {
  pattern?: string | undefined;
  maxEvents?: number | undefined;
}

export interface EvidenceQuery {
  logGroupName: string;
  pattern: string;
  maxEvents: number;
  /** `--since`/`--until` as typed, for the cache key. */
  since: string;
  until?: string | undefined;
  window: ResolvedWindow;
}

/** The cached item: the lines read (time, stream, message) and whether the read reached the window's end. */
export interface CachedEvidence {
  events: Array<{ timestamp?: number | undefined; logStreamName?: string | undefined; message?: string | undefined }>;
  complete: boolean;
  /** The group does not exist (for triage: a function never invoked; for `logs patterns`: a wrong name). */
  missing?: true;
}

/** One group's error lines over the window; a group that does not exist (a function never invoked) has none. */
export function logEvidenceSpec(query: EvidenceQuery): FetchSpec<CachedEvidence> {
  const { logGroupName, pattern, maxEvents, window } = query;
  return {
    script: "logs",
    resource: "evidence",
    params: { logGroupName, pattern, maxEvents, since: query.since, until: query.until },
    window: envelopeWindow(window),
    fetch: async (provider, region) => {
      const { sampleLogEvents } = await import("../aws/logs.js");
      let sample: EventSample;
      try {
        sample = await sampleLogEvents(
          provider,
          region,
          { logGroupName, filterPattern: pattern, startTime: window.startMs, endTime: window.endMs },
          { maxEvents, maxCalls: MAX_EVIDENCE_CALLS },
        );
      } catch (error) {
        if (error instanceof LogGroupNotFoundError) return [{ events: [], complete: true, missing: true }];
        throw error;
      }
      const events = sample.events.map((e) => ({
        timestamp: e.timestamp,
        logStreamName: e.logStreamName,
        message: e.message,
      }));
      return [{ events, complete: sample.complete }];
    },
  };
}

/** The record of one read: signatures of the lines, and how much was read. */
export function evidenceRecord(
  item: CachedEvidence | undefined,
  where: { account: string | null; region: string; resourceType: string; resourceId: string },
  query: Pick<EvidenceQuery, "logGroupName" | "pattern">,
  top = TOP_SIGNATURES,
): LogEvidenceRecord {
  const events = item?.events ?? [];
  return {
    ...where,
    logGroupName: query.logGroupName,
    pattern: query.pattern,
    eventsRead: events.length,
    complete: item?.complete ?? true,
    signatures: groupSignatures(events, top),
  };
}

export interface EvidenceOptions extends MetricsWindow {
  logEvidence?: EvidenceSettings | undefined;
}

/**
 * Per region, the evidence of every function with errors in the window (from the same Lambda
 * flow triage's Lambda source reads, so nothing is fetched twice). A group that cannot be read
 * is a failure of `logs/evidence` in that region; offline, one never read is a note, and the
 * findings simply carry no signatures.
 */
export async function logEvidenceBatches(
  run: Invocation,
  options: EvidenceOptions,
): Promise<Batch<LogEvidenceRecord>[]> {
  const pattern = options.logEvidence?.pattern ?? DEFAULT_EVIDENCE_PATTERN;
  const maxEvents = options.logEvidence?.maxEvents ?? DEFAULT_EVIDENCE_EVENTS;
  const perRegion = await triageLambdaFlow(run, options);
  const batches: Batch<LogEvidenceRecord>[] = [];
  let notCached = 0;
  for (const r of perRegion) {
    if (r.metrics === undefined) continue;
    const account = r.metrics.account ?? r.inventory.account;
    const { records } = normalizeLambdaMetrics(r.functions, r.metrics.items, account, r.region);
    const failing = new Set(records.filter((m) => m.errors > 0).map((m) => m.functionName));
    const evidence: LogEvidenceRecord[] = [];
    let observedAt = r.metrics.source.fetchedAt;
    let failure: AwstriageError | undefined;
    for (const fn of r.functions.filter((f) => failing.has(f.FunctionName ?? ""))) {
      const record = normalizeFunction(fn, account, r.region);
      const query = { logGroupName: functionLogGroup(record), pattern, maxEvents, ...options };
      try {
        const read = await run.cachedResource(logEvidenceSpec(query), r.region);
        observedAt = read.source.fetchedAt;
        const where = { account, region: r.region, resourceType: "lambda:function", resourceId: record.functionName };
        evidence.push(evidenceRecord(read.items[0], where, query));
      } catch (error) {
        if (!(error instanceof AwstriageError)) throw error;
        if (error.code === "OfflineMiss") notCached += 1;
        else failure ??= error;
      }
    }
    // One failure per region, however many groups could not be read: the cause is the same.
    if (failure !== undefined) run.recordFailure(partialFailure(r.region, "logs/evidence", failure));
    batches.push({ observedAt, records: evidence, region: r.region, account });
  }
  if (notCached > 0)
    run.log.info(
      `log evidence is not cached for ${notCached} failing function(s): their findings carry no logSignatures (run triage once online)`,
    );
  return batches;
}
